# Seed snippet: article 001 "pytorch 梯度相关知识点" (seeds/001_90af27de12e44f65.txt),
# section "1. requires_grad", (3) requires_grad=True.
# The article shows:
#   x_true.grad=tensor([4., 4., 4., 4., 4.])
#   4*x_true=tensor([4., 4., 4., 4., 4.], grad_fn=<MulBackward0>)
#   x_true.grad==4*x_true=tensor([True, True, True, True, True])
import torch
from torch import nn


x_true = torch.ones(5, requires_grad=True)
y_true = 2 * torch.dot(x_true,x_true)
y_true.backward()
print(f"x_true.grad={x_true.grad}")
print(f"4*x_true={4*x_true}")
print(f"x_true.grad==4*x_true={x_true.grad==4*x_true}")
