"""PyTorch reference for bench/train: training steps of a GPT-2-shaped model (random weights)
with LoRA on c_attn, prompt tuning, or full fine-tuning, AdamW, the causal-LM loss over every
position of batch x seq tokens, 2 threads. The same shapes and methods as the causal-tune side.

usage: torch_train.py METHOD BATCH SEQ STEPS [LAYERS HIDDEN HEADS VOCAB]
prints one JSON line: {"method", "msPerStep", "tokensPerSecond", "peakRssBytes", "losses"}
"""
import json, math, resource, sys, time
import torch
import torch.nn.functional as F

method = sys.argv[1]
batch, seq, steps = (int(v) for v in sys.argv[2:5])
layers, hidden, heads, vocab = (int(v) for v in (sys.argv[5:9] if len(sys.argv) > 8 else (12, 768, 12, 50257)))
virtual = 8
rank, alpha = 8, 16
torch.set_num_threads(2)
torch.manual_seed(0)


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = torch.nn.LayerNorm(hidden)
        self.c_attn = torch.nn.Linear(hidden, 3 * hidden)
        self.c_proj = torch.nn.Linear(hidden, hidden)
        self.ln_2 = torch.nn.LayerNorm(hidden)
        self.c_fc = torch.nn.Linear(hidden, 4 * hidden)
        self.mlp_proj = torch.nn.Linear(4 * hidden, hidden)
        self.lora_a = self.lora_b = None

    def forward(self, x, mask):
        b, t, _ = x.shape
        h = self.ln_1(x)
        qkv = self.c_attn(h)
        if self.lora_a is not None:
            qkv = qkv + (h @ self.lora_a.t() @ self.lora_b.t()) * (alpha / rank)
        q, k, v = qkv.split(hidden, dim=2)
        split = lambda z: z.view(b, t, heads, hidden // heads).transpose(1, 2)
        scores = split(q) @ split(k).transpose(-1, -2) / math.sqrt(hidden // heads)
        scores = scores.masked_fill(~mask, -1e9)
        attention = (scores.softmax(-1) @ split(v)).transpose(1, 2).reshape(b, t, hidden)
        x = x + self.c_proj(attention)
        f = self.c_fc(self.ln_2(x))
        f = 0.5 * f * (1 + torch.tanh(math.sqrt(2 / math.pi) * (f + 0.044715 * f ** 3)))
        return x + self.mlp_proj(f)


wte = torch.nn.Embedding(vocab, hidden)
wpe = torch.nn.Embedding(1024, hidden)
blocks = torch.nn.ModuleList([Block() for _ in range(layers)])
ln_f = torch.nn.LayerNorm(hidden)
modules = torch.nn.ModuleList([wte, wpe, blocks, ln_f])
for p in modules.parameters():
    p.requires_grad_(method == 'full')
prompt = None
if method == 'lora':
    for block in blocks:
        block.lora_a = torch.nn.Parameter(torch.randn(rank, hidden) * 0.01)
        block.lora_b = torch.nn.Parameter(torch.zeros(3 * hidden, rank))
    params = [p for block in blocks for p in (block.lora_a, block.lora_b)]
elif method == 'prompt-tuning':
    prompt = torch.nn.Parameter(torch.randn(virtual, hidden) * 0.02)
    params = [prompt]
else:
    params = list(modules.parameters())
optimizer = torch.optim.AdamW(params, lr=1e-4, weight_decay=0.0)

generator = torch.Generator().manual_seed(1)
ids = torch.randint(0, vocab, (batch, seq), generator=generator)


def step():
    optimizer.zero_grad(set_to_none=True)
    x = wte(ids)
    offset = 0
    if prompt is not None:
        x = torch.cat([prompt.unsqueeze(0).expand(batch, -1, -1), x], dim=1)
        offset = virtual
    total = x.shape[1]
    x = x + wpe(torch.arange(total))
    mask = torch.tril(torch.ones(total, total, dtype=torch.bool))
    for block in blocks:
        x = block(x, mask)
    logits = ln_f(x)[:, offset:-1] @ wte.weight.t()
    loss = F.cross_entropy(logits.reshape(-1, vocab), ids[:, 1:].reshape(-1))
    loss.backward()
    optimizer.step()
    return loss.item()


losses = [step()]
start = time.perf_counter()
for _ in range(steps):
    losses.append(step())
ms = (time.perf_counter() - start) * 1000 / steps
print(json.dumps({"method": method, "msPerStep": ms, "tokensPerSecond": batch * seq * 1000 / ms, "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "losses": losses, "torch": torch.__version__}))
