# Seed snippet: article 003 "pytorch梯度上下文管理器介绍" (seeds/003_02076474ff802766.txt),
# section "注意事项", 3. 检查当前状态, 示例. Line breaks and indentation restored.
# The article shows: False, True (in its comments).
# --- preamble (not in the article): context this fragment needs ---
import torch
# --- end preamble ---
with torch.no_grad():
    print(torch.is_grad_enabled()) # 输出:False
print(torch.is_grad_enabled()) # 输出:True
