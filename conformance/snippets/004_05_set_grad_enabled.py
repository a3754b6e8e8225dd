# Seed snippet: article 004 "How does pytorch prohibit / allow the operation of calculating local gradients"
# (seeds/004_bb2a0e8f5a42a110.txt, a machine-translated page),
# section "3. Whether to calculate the gradient torch.autograd.set_grad_enable()".
# The two bare torch.set_grad_enabled(...) calls return a set_grad_enabled object, which a REPL
# echoes; the article shows no output for them (nor does the 1.7 documentation it copies).
# REPL transcript turned into a script: each expression statement whose value the REPL echoes
# (every value that is not None) is wrapped in print(repr(...)); the rest is unchanged.
# The article's output is kept as comments ("article:"); its transcripts come from torch 1.7.1.
# --- preamble (not in the article): context this fragment needs ---
import torch
# --- end preamble ---
x = torch.tensor([1.], requires_grad=True)
is_train = False
with torch.set_grad_enabled(is_train):
    y = x * 2
print(repr(y.requires_grad))
# article: Out[17]: False
print(repr(torch.set_grad_enabled(True)))
y = x * 2
print(repr(y.requires_grad))
# article: Out[18]: True
print(repr(torch.set_grad_enabled(False)))
y = x * 2
print(repr(y.requires_grad))
# article: Out[19]: False
