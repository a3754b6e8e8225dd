# Seed snippet: article 003 "pytorch梯度上下文管理器介绍" (seeds/003_02076474ff802766.txt),
# section "torch.set_grad_enabled(mode: bool)", 示例. Line breaks and indentation restored.
# The article shows: False (in its comment).
# --- preamble (not in the article): context this fragment needs ---
import torch
# --- end preamble ---
mode = False # 条件控制
with torch.set_grad_enabled(mode):
    x = torch.tensor(2.0, requires_grad=True)
    y = x ** 2
print(y.requires_grad) # 输出:False
