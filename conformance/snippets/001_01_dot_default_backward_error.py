# Seed snippet: article 001 "pytorch 梯度相关知识点" (seeds/001_90af27de12e44f65.txt),
# section "1. requires_grad", (1) requires_grad=False&默认设置.
# The article shows: RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
# (the script ends with that uncaught exception).
import torch
from torch import nn

# 创建一个输入x,默认设置
x = torch.ones(5)
# y = 2*x**2
y = 2*torch.dot(x,x)
# y 进行梯度返传
y.backward()
# 打印x的梯度,即x.grad
print(f"x.grad={x.grad}")
