"""PyTorch reference for bench/scale: LoRA training steps of a LLaMA-shaped model (random float32
weights) with r 8 on q_proj and v_proj, AdamW, the causal-LM loss over every position of 1 x SEQ
tokens, 2 threads: the shape and work of the causal-tune side.

usage: torch_scale.py LAYERS HIDDEN INTERMEDIATE HEADS KV_HEADS VOCAB SEQ STEPS
prints one JSON line: {"torch", "loadMs", "firstStepMs", "msPerStep", "tokensPerSecond", "peakRssBytes", "losses"}
"""
import json, math, resource, statistics, sys, time
import torch
import torch.nn.functional as F

started = time.perf_counter()
layers, hidden, intermediate, heads, kv_heads, vocab, seq, steps = (int(v) for v in sys.argv[1:9])
head_dim = hidden // heads
rank, alpha = 8, 16
torch.set_num_threads(2)
torch.manual_seed(0)


def weight(rows, columns):
    return torch.nn.Parameter(torch.empty(rows, columns).normal_(0, 0.02), requires_grad=False)


class Layer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v, self.o = weight(hidden, hidden), weight(kv_heads * head_dim, hidden), weight(kv_heads * head_dim, hidden), weight(hidden, hidden)
        self.gate, self.up, self.down = weight(intermediate, hidden), weight(intermediate, hidden), weight(hidden, intermediate)
        self.norm1 = torch.nn.Parameter(torch.ones(hidden), requires_grad=False)
        self.norm2 = torch.nn.Parameter(torch.ones(hidden), requires_grad=False)
        self.lora_q_a = torch.nn.Parameter(torch.randn(rank, hidden) * 0.01)
        self.lora_q_b = torch.nn.Parameter(torch.zeros(hidden, rank))
        self.lora_v_a = torch.nn.Parameter(torch.randn(rank, hidden) * 0.01)
        self.lora_v_b = torch.nn.Parameter(torch.zeros(kv_heads * head_dim, rank))

    def forward(self, x, cos, sin, mask):
        t = x.shape[1]
        h = rms_norm(x, self.norm1)
        q = F.linear(h, self.q) + (h @ self.lora_q_a.t() @ self.lora_q_b.t()) * (alpha / rank)
        k = F.linear(h, self.k)
        v = F.linear(h, self.v) + (h @ self.lora_v_a.t() @ self.lora_v_b.t()) * (alpha / rank)
        q = q.view(1, t, heads, head_dim).transpose(1, 2)
        k = k.view(1, t, kv_heads, head_dim).transpose(1, 2)
        v = v.view(1, t, kv_heads, head_dim).transpose(1, 2)
        q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        k = k.repeat_interleave(heads // kv_heads, dim=1)
        v = v.repeat_interleave(heads // kv_heads, dim=1)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(head_dim)
        attention = (scores.masked_fill(~mask, -1e9).softmax(-1) @ v).transpose(1, 2).reshape(1, t, hidden)
        x = x + F.linear(attention, self.o)
        h = rms_norm(x, self.norm2)
        return x + F.linear(F.silu(F.linear(h, self.gate)) * F.linear(h, self.up), self.down)


def rms_norm(x, w):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * w


def rotate(x, cos, sin):
    first, second = x[..., : head_dim // 2], x[..., head_dim // 2 :]
    return x * cos + torch.cat([-second, first], dim=-1) * sin


embed = weight(vocab, hidden)
blocks = torch.nn.ModuleList([Layer() for _ in range(layers)])
final_norm = torch.nn.Parameter(torch.ones(hidden), requires_grad=False)
head = weight(vocab, hidden)
params = [p for block in blocks for p in (block.lora_q_a, block.lora_q_b, block.lora_v_a, block.lora_v_b)]
optimizer = torch.optim.AdamW(params, lr=1e-4, weight_decay=0.0)
inv_freq = 1.0 / (10000 ** (torch.arange(0, head_dim, 2).float() / head_dim))
freqs = torch.outer(torch.arange(seq).float(), inv_freq)
emb = torch.cat([freqs, freqs], dim=-1)
cos, sin = emb.cos()[None, None], emb.sin()[None, None]
mask = torch.tril(torch.ones(seq, seq, dtype=torch.bool))
ids = torch.randint(0, vocab, (1, seq), generator=torch.Generator().manual_seed(1))
load_ms = (time.perf_counter() - started) * 1000


def step():
    optimizer.zero_grad(set_to_none=True)
    x = F.embedding(ids, embed)
    for block in blocks:
        x = block(x, cos, sin, mask)
    logits = F.linear(rms_norm(x, final_norm), head)
    loss = F.cross_entropy(logits[0, :-1], ids[0, 1:])
    loss.backward()
    optimizer.step()
    return loss.item()


losses, durations = [], []
for _ in range(steps):
    begun = time.perf_counter()
    losses.append(step())
    durations.append((time.perf_counter() - begun) * 1000)
steady = statistics.median(durations[1:]) if steps > 1 else durations[0]
print(json.dumps({"torch": torch.__version__, "loadMs": load_ms, "firstStepMs": durations[0], "msPerStep": steady, "tokensPerSecond": seq * 1000 / steady, "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "losses": losses}))
