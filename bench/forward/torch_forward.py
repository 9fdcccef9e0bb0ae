"""PyTorch reference for bench/forward: the forward pass of a GPT-2 124M-shaped model (12 blocks,
768 wide, 12 heads, vocab 50257, tied head; random weights, as transformers' GPT2LMHeadModel
computes it in eager mode: pre-LayerNorm, Conv1D-style fused qkv, causal and padding masks, tanh
GELU) under torch.no_grad(), with logits at every position ("all") or at the last position of
each row ("last").
Usage: torch_forward.py BATCH SEQ THREADS, then one command per line on stdin: "all" or "last"
runs one pass and prints {"ms": ...}; "quit" prints {"peakRssBytes", "torch", "threads"} and
exits. Serving passes one at a time lets bench/forward interleave them with its own, so both
engines share the same load on a busy machine."""
import json, math, resource, sys, time
import torch

batch, seq, threads = (int(v) for v in sys.argv[1:4])
torch.set_num_threads(threads)
torch.set_grad_enabled(False)
torch.manual_seed(0)
hidden, layers, heads, vocab, positions = 768, 12, 12, 50257, 1024
head_dim = hidden // heads
std = 0.02


def normal(*shape, scale=std):
    return torch.randn(*shape) * scale


wte, wpe = normal(vocab, hidden), normal(positions, hidden)
blocks = [
    dict(
        ln1=(torch.ones(hidden), torch.zeros(hidden)),
        attn=(normal(hidden, 3 * hidden), torch.zeros(3 * hidden)),
        proj=(normal(hidden, hidden, scale=std / math.sqrt(2 * layers)), torch.zeros(hidden)),
        ln2=(torch.ones(hidden), torch.zeros(hidden)),
        fc=(normal(hidden, 4 * hidden), torch.zeros(4 * hidden)),
        fc_proj=(normal(4 * hidden, hidden, scale=std / math.sqrt(2 * layers)), torch.zeros(hidden)),
    )
    for _ in range(layers)
]
ln_f = (torch.ones(hidden), torch.zeros(hidden))


def conv1d(x, weights):
    return torch.addmm(weights[1], x.view(-1, x.shape[-1]), weights[0]).view(*x.shape[:-1], -1)


def layer_norm(x, weights):
    return torch.nn.functional.layer_norm(x, (hidden,), weights[0], weights[1], 1e-5)


def gelu(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def forward(input_ids, attention_mask, position_ids, last_only):
    h = wte[input_ids] + wpe[position_ids]
    causal = torch.tril(torch.ones(seq, seq, dtype=torch.bool))
    allowed = causal[None, None] & attention_mask[:, None, None, :].bool()
    split = lambda t: t.view(batch, seq, heads, head_dim).transpose(1, 2)
    for block in blocks:
        q, k, v = conv1d(layer_norm(h, block["ln1"]), block["attn"]).split(hidden, dim=2)
        scores = (split(q) @ split(k).transpose(-1, -2)) / math.sqrt(head_dim)
        scores = scores.masked_fill(~allowed, torch.finfo(scores.dtype).min)
        context = (scores.softmax(-1) @ split(v)).transpose(1, 2).reshape(batch, seq, hidden)
        h = h + conv1d(context, block["proj"])
        h = h + conv1d(gelu(conv1d(layer_norm(h, block["ln2"]), block["fc"])), block["fc_proj"])
    h = layer_norm(h, ln_f)
    if last_only:
        h = h[:, -1]
    return h @ wte.T


input_ids = (torch.arange(batch * seq) * 7919 % vocab).view(batch, seq)
attention_mask = torch.ones(batch, seq, dtype=torch.int64)
position_ids = torch.arange(seq).expand(batch, seq)
while True:
    command = sys.stdin.readline().strip()
    if command in ("quit", ""):
        break
    start = time.perf_counter()
    forward(input_ids, attention_mask, position_ids, command == "last")
    print(json.dumps({"ms": (time.perf_counter() - start) * 1000}), flush=True)
print(json.dumps({"peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
