"""PyTorch reference for bench/graph: forward + backward of one GPT-2 block (pre-LayerNorm,
tanh GELU, causal attention) with the same shapes and loss as the causal-tune graph.
Prints one JSON line: {"msPerStep": ..., "peakRssBytes": ...}."""
import json, math, resource, sys, time
import torch

batch, seq, hidden, heads, steps = (int(v) for v in sys.argv[1:6])
torch.set_num_threads(2)
torch.manual_seed(0)
head_dim = hidden // heads

ln1 = torch.nn.LayerNorm(hidden)
qkv = torch.nn.Linear(hidden, 3 * hidden)
proj = torch.nn.Linear(hidden, hidden)
ln2 = torch.nn.LayerNorm(hidden)
fc = torch.nn.Linear(hidden, 4 * hidden)
fc_proj = torch.nn.Linear(4 * hidden, hidden)
params = [p for m in (ln1, qkv, proj, ln2, fc, fc_proj) for p in m.parameters()]
mask = torch.tril(torch.ones(seq, seq, dtype=torch.bool))

def gelu(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))

def block(x):
    q, k, v = qkv(ln1(x)).split(hidden, dim=2)
    heads_of = lambda t: t.view(batch, seq, heads, head_dim).transpose(1, 2)
    scores = heads_of(q) @ heads_of(k).transpose(-1, -2) / math.sqrt(head_dim)
    scores = scores.masked_fill(~mask, -1e9)
    attention = (scores.softmax(-1) @ heads_of(v)).transpose(1, 2).reshape(batch, seq, hidden)
    x1 = x + proj(attention)
    return x1 + fc_proj(gelu(fc(ln2(x1))))

x = torch.randn(batch, seq, hidden) * 0.5

def step():
    for p in params:
        p.grad = None
    loss = block(x).pow(2).mean()
    loss.backward()
    return loss

for _ in range(2):
    step()
start = time.perf_counter()
for _ in range(steps):
    step()
ms = (time.perf_counter() - start) * 1000 / steps
print(json.dumps({"msPerStep": ms, "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "torch": torch.__version__, "threads": torch.get_num_threads()}))
