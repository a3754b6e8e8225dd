# Seed snippet: article 004 "How does pytorch prohibit / allow the operation of calculating local gradients"
# (seeds/004_bb2a0e8f5a42a110.txt, a machine-translated page),
# section "II. Local gradient is allowed to be calculated after prohibition", the
# `with torch.enable_grad()` transcript.
# REPL transcript turned into a script: each expression statement whose value the REPL echoes
# (every value that is not None) is wrapped in print(repr(...)); the rest is unchanged.
# The article's output is kept as comments ("article:"); its transcripts come from torch 1.7.1.
# --- preamble (not in the article): context this fragment needs ---
import torch
# --- end preamble ---
x = torch.tensor([1.], requires_grad=True)
with torch.no_grad():
    with torch.enable_grad():
        y = x * 2
print(repr(y.requires_grad))
# article: Out[14]: True
y.backward() # calculate gradient
print(repr(x.grad))
# article: Out[15]: tensor([2.])
