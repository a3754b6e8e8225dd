# Seed snippet: article 004 "How does pytorch prohibit / allow the operation of calculating local gradients"
# (seeds/004_bb2a0e8f5a42a110.txt, a machine-translated page),
# "Example 2" (a plain python REPL session; the Windows/conda banner lines before it are not code).
# REPL transcript turned into a script: each expression statement whose value the REPL echoes
# (every value that is not None) is wrapped in print(repr(...)); the rest is unchanged.
# The article's output is kept as comments ("article:"); its transcripts come from torch 1.7.1.
# The page dropped every <...> text: the echoes of torch.manual_seed (a Generator) and of the bare
# torch.set_grad_enabled(...) calls, and the grad_fn=<...> parts of tensor reprs. It also lost the
# arguments of torch.randn; they are restored as (3, 4, requires_grad=True) from the 3x4 tensor
# with requires_grad=True that the article shows. The comments "# this can also be used as a
# function" / "# use" are the page's (machine-translated) comments, kept where they stand.
import torch

print(repr(torch.manual_seed(seed=20200910)))
a = torch.randn(3, 4, requires_grad=True)

print(repr(a))
# article: tensor([[ 0.2824, -0.3715,  0.9088, -1.7601],
#                  [-0.1806,  2.0937,  1.0406, -1.7651],
#                  [ 1.1216,  0.8440,  0.1783,  0.6859]], requires_grad=True)

print(repr(a.requires_grad))
# article: True
with torch.set_grad_enabled(False):
    b = a * 2


print(repr(b))
# article: tensor([[ 0.5648, -0.7430,  1.8176, -3.5202],
#                  [-0.3612,  4.1874,  2.0812, -3.5303],
#                  [ 2.2433,  1.6879,  0.3567,  1.3718]])

print(repr(b.requires_grad))
# article: False
with torch.set_grad_enabled(True):
    c = a * 3


print(repr(c))
# article: tensor([[ 0.8472, -1.1145,  2.7263, -5.2804],
#                  [-0.5418,  6.2810,  3.1219, -5.2954],
#                  [ 3.3649,  2.5319,  0.5350,  2.0576]], grad_fn=<MulBackward0>)

print(repr(c.requires_grad))
# article: True
d = a * 4
print(repr(d.requires_grad))
# article: True
print(repr(torch.set_grad_enabled(True))) # this can also be used as a function
# use
e = a * 5
print(repr(e))
# article: tensor([[ 1.4119, -1.8574,  4.5439, -8.8006],
#                  [-0.9030, 10.4684,  5.2031, -8.8257],
#                  [ 5.6082,  4.2198,  0.8917,  3.4294]], grad_fn=<MulBackward0>)

print(repr(e.requires_grad))
# article: True
print(repr(d))
# article: tensor([[ 1.1296, -1.4859,  3.6351, -7.0405],
#                  [-0.7224,  8.3747,  4.1625, -7.0606],
#                  [ 4.4866,  3.3759,  0.7133,  2.7435]], grad_fn=<MulBackward0>)
print(repr(torch.set_grad_enabled(False))) # use
f = a * 6
print(repr(f))
# article: tensor([[  1.6943,  -2.2289,   5.4527, -10.5607],
#                  [ -1.0836,  12.5621,   6.2437, -10.5908],
#                  [  6.7298,   5.0638,   1.0700,   4.1153]])

print(repr(f.requires_grad))
# article: False
