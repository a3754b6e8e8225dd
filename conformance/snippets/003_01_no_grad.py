# Seed snippet: article 003 "pytorch梯度上下文管理器介绍" (seeds/003_02076474ff802766.txt),
# section "torch.no_grad()", 示例. Line breaks and indentation restored.
# The article shows: False (in its comment).
import torch
x = torch.tensor(3.0, requires_grad=True)
with torch.no_grad():
    y = x ** 2
print(y.requires_grad) # 输出:False
