# Seed snippet: article 000 "Python之torch.no_grad()函数使用和示例" (seeds/000_9977f85be6cbd4b1.txt),
# section "不使用torch.no_grad()". Line breaks restored.
# The article shows: tensor([2.])
import torch

# 创建一个需要梯度的张量
x = torch.tensor([1.0], requires_grad=True)

# 使用 no_grad() 上下文管理器
y = x * 2

y.backward()

print(x.grad)
