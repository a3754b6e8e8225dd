# Seed snippet: article 004 "How does pytorch prohibit / allow the operation of calculating local gradients"
# (seeds/004_bb2a0e8f5a42a110.txt, a machine-translated page),
# "Example 1" (a plain python REPL session; the Windows/conda banner lines before it are not code).
# REPL transcript turned into a script: each expression statement whose value the REPL echoes
# (every value that is not None) is wrapped in print(repr(...)); the rest is unchanged.
# The article's output is kept as comments ("article:"); its transcripts come from torch 1.7.1.
# The page dropped every <...> text: the echo of torch.manual_seed (a Generator) and the
# grad_fn=<...> parts of tensor reprs. It also lost the arguments of torch.randn; they are restored
# as (3, 4, requires_grad=True) from the 3x4 tensor with requires_grad=True that the article shows.
# c.sum().backward() raised in the REPL and the session went on: it is wrapped in a try/except
# that prints the exception as "type: message".
import torch

print(repr(torch.manual_seed(seed=20200910)))

a = torch.randn(3, 4, requires_grad=True)

print(repr(a))
# article: tensor([[ 0.2824, -0.3715,  0.9088, -1.7601],
#                  [-0.1806,  2.0937,  1.0406, -1.7651],
#                  [ 1.1216,  0.8440,  0.1783,  0.6859]], requires_grad=True)

b = a * 2

print(repr(b))
# article: tensor([[ 0.5648, -0.7430,  1.8176, -3.5202],
#                  [-0.3612,  4.1874,  2.0812, -3.5303],
#                  [ 2.2433,  1.6879,  0.3567,  1.3718]], grad_fn=<MulBackward0>)

print(repr(b.requires_grad))
# article: True
b.grad
# article: __main__:1: UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. ...

print(b.grad)
# article: None

print(repr(a.requires_grad))
# article: True

a.grad
print(a.grad)
# article: None
with torch.no_grad():
    c = a * 2


print(repr(c))
# article: tensor([[ 0.5648, -0.7430,  1.8176, -3.5202],
#                  [-0.3612,  4.1874,  2.0812, -3.5303],
#                  [ 2.2433,  1.6879,  0.3567,  1.3718]])
print(repr(c.requires_grad))
# article: False
print(c.grad)
# article: None

a.grad
print(a.grad)
# article: None
print(repr(c.sum()))
# article: tensor(6.1559)
try:
    c.sum().backward()
except Exception as e:
    print(f"{type(e).__name__}: {e}")
# article: Traceback (most recent call last): ...
#          RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
print(repr(b.sum()))
# article: tensor(6.1559, grad_fn=<SumBackward0>)
b.sum().backward()
print(repr(a.grad))
# article: tensor([[2., 2., 2., 2.],
#                  [2., 2., 2., 2.],
#                  [2., 2., 2., 2.]])
print(repr(a.requires_grad))
# article: True
