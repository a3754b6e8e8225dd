# Seed snippet: article 001 "pytorch 梯度相关知识点" (seeds/001_90af27de12e44f65.txt),
# section "4. tensor.detach()". The article shows no output for this block.
# --- preamble (not in the article): context this fragment needs ---
# w and b come from an unseeded torch.randn, so the printed gradients would change from run
# to run; seed the generator so the output can be recorded and compared.
import torch
torch.manual_seed(0)
# --- end preamble ---
import torch
from torch import nn

x = torch.ones(5)
# destination
y = torch.zeros(3)
w = torch.randn((5, 3), requires_grad=True)
b = torch.randn(3, requires_grad=True)
z = torch.matmul(x, w) + b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z,y)

print(f"z.grad_fn={z.grad_fn}")
print(f"loss.grad_fn={loss.grad_fn}")
loss.backward()
print(f"w.grad={w.grad}")
print(f"b.grad={b.grad}")
print(f"z.requires_grad={z.requires_grad}")
# with torch.no_grad():

# 新建一个张量z_dect
z_dect = z.detach()
print(f"after_detach:z.requires_grad={z_dect.requires_grad}")
