# Seed snippet: article 000 "Python之torch.no_grad()函数使用和示例" (seeds/000_9977f85be6cbd4b1.txt),
# section "使用torch.no_grad()". Line breaks restored (the traceback in the article gives the
# lines: with at 7, y = x * 2 at 8, y.backward() at 11, print at 13).
# The article shows: RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
# (the script ends with that uncaught exception).
import torch

# 创建一个需要梯度的张量
x = torch.tensor([1.0], requires_grad=True)

# 使用 no_grad() 上下文管理器
with torch.no_grad():
    y = x * 2


y.backward()

print(x.grad)
