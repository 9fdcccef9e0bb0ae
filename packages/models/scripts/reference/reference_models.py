#!/usr/bin/python3
"""An independent PyTorch implementation of causal-tune's forward graphs, for parity tests.

LLaMA (transformers' modeling_llama: RMSNorm, rotate-half RoPE with linear, dynamic and llama3
scaling as modeling_rope_utils computes them, grouped-query attention, SwiGLU, Mistral's sliding
window), Gemma (modeling_gemma: LLaMA's layout with embeddings scaled by sqrt(hidden_size),
RMSNorm by (1 + weight), GeGLU with the tanh GELU, head_dim apart from hidden_size / heads)
and GPT-2 (modeling_gpt2: learned positions, pre-LayerNorm, Conv1D c_attn, gelu_new, tied head),
written from the Hugging Face reference code with plain torch ops, plus the PEFT methods as
Python's PEFT computes them (peft/tuners/lora/layer.py with DoRA from lora/dora.py,
peft/tuners/ia3/layer.py, peft/tuners/p_tuning/model.py with a real
torch.nn.LSTM, peft/tuners/prefix_tuning/model.py, peft/peft_model.py PeftModelForCausalLM.forward
and get_prompt). It reads the same checkpoints and adapter files as the TypeScript tests, parsing
safetensors by hand (there is no transformers / safetensors package here), and writes one golden
file per case to packages/models/src/__fixtures__/golden/<case>.json: the exact inputs the model
saw (PEFT-extended attention mask and position ids; a case's "config" fields are laid over the
model's config.json), the logits of the middle and last real token
of each sequence, and the log-sum-exp of every real token's logits; for a case marked "gradients",
also the autograd gradient of every adapter tensor of the mean of those log-sum-exps.

Regenerate the goldens (needs Debian's python3-torch; run from the repository root):
    cd packages/models && ../../node_modules/.bin/tsx scripts/reference/make-parity-fixtures.ts
    /usr/bin/python3 packages/models/scripts/reference/reference_models.py      (from the root)
The first command rewrites the tiny GPT-2, the batches and the seeded adapters (same bytes each
time); the second rewrites the goldens. Then run `pnpm test -- reference-parity gradient-parity`
in packages/models.
"""
import json
import math
import os
import re
import struct
import sys

import torch

torch.set_grad_enabled(False)
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
PARITY = os.path.join(ROOT, "packages", "models", "src", "__fixtures__", "parity")
GOLDEN = os.path.join(ROOT, "packages", "models", "src", "__fixtures__", "golden")
DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64, "I32": torch.int32}


def read_safetensors(path):
    """8-byte little-endian header length, JSON header, then raw tensor bytes."""
    with open(path, "rb") as handle:
        data = handle.read()
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_length])
    base = 8 + header_length
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        buffer = bytearray(data[base + start : base + end])
        tensor = torch.frombuffer(buffer, dtype=DTYPES[info["dtype"]]) if buffer else torch.zeros(0, dtype=DTYPES[info["dtype"]])
        tensors[name] = tensor.reshape(info["shape"]).to(torch.float32 if info["dtype"] in ("F16", "BF16", "F32") else tensor.dtype)
    return tensors


# --- PEFT adapters --------------------------------------------------------------------------


def pattern_value(patterns, module):
    """peft/utils/other.py get_pattern_key: a key matches a module path suffix as a regex."""
    for key, value in patterns.items():
        if re.match(rf"(.*\.)?({key})$", module):
            return value
    return None


class Lora:
    """y = base(x) + lora_B(lora_A(dropout(x))) * scaling (dropout is identity in eval); with
    use_dora (peft/tuners/lora/dora.py DoraLinearLayer.forward), y = base(x) + (m / n - 1) *
    (base(x) - bias) + (m / n) * lora_B(lora_A(x)) * scaling, n = ||W + scaling * B @ A|| per
    output row of W [out, in], detached."""

    def __init__(self, config, tensors, linear_weight=None):
        self.modules = {}
        self.magnitudes = {}
        self.linear_weight = linear_weight
        for name, tensor in tensors.items():
            match = re.fullmatch(r"base_model\.model\.(.+)\.lora_A\.weight", name)
            if not match:
                continue
            path = match.group(1)
            b = tensors[f"base_model.model.{path}.lora_B.weight"]
            r = tensor.shape[0]
            alpha = pattern_value(config.get("alpha_pattern") or {}, path) or config["lora_alpha"]
            scaling = alpha / math.sqrt(r) if config.get("use_rslora") else alpha / r
            self.modules[path] = (tensor, b, scaling)
            if config.get("use_dora"):
                self.magnitudes[path] = tensors[f"base_model.model.{path}.lora_magnitude_vector"]

    def __call__(self, path, x, y):
        if path not in self.modules:
            return y
        a, b, scaling = self.modules[path]
        lora = (x @ a.T) @ b.T
        if path not in self.magnitudes:
            return y + lora * scaling
        weight, bias = self.linear_weight(path)
        norm = torch.linalg.norm(weight + scaling * (b @ a), dim=1).detach()
        ratio = (self.magnitudes[path] / norm).view(1, -1)
        base = y if bias is None else y - bias
        return y + (ratio - 1) * base + ratio * lora * scaling


class Ia3:
    """peft/tuners/ia3/layer.py Linear.forward: a feed-forward module scales its input,
    base(x * l) with l [1, in]; any other scales its output, base(x) * l with l [out, 1]."""

    def __init__(self, tensors, linear_weight):
        self.vectors = {}
        for name, tensor in tensors.items():
            match = re.fullmatch(r"base_model\.model\.(.+)\.ia3_l", name)
            if match:
                self.vectors[match.group(1)] = tensor
        self.linear_weight = linear_weight

    def __call__(self, path, x, y):
        if path not in self.vectors:
            return y
        vector = self.vectors[path]
        if vector.shape[0] != 1:
            return y * vector.flatten()
        weight, bias = self.linear_weight(path)
        out = (x * vector.flatten()) @ weight.T
        return out if bias is None else out + bias


def linear_weights(architecture, weights):
    """A module path -> (W [out, in], bias or None): nn.Linear as stored, GPT-2's Conv1D transposed."""
    if architecture != "gpt2":
        return lambda path: (weights[f"{path}.weight"], weights.get(f"{path}.bias"))
    w = {name[len("transformer.") :] if name.startswith("transformer.") else name: t for name, t in weights.items()}
    return lambda path: (w[f"{path[len('transformer.'):]}.weight"].T, w[f"{path[len('transformer.'):]}.bias"])


def prompt_learning_dims(adapter, config, architecture):
    """peft/utils/other.py _prepare_prompt_learning_config for decoder-only models."""
    if architecture != "gpt2":
        hidden, layers, heads, kv_heads = config["hidden_size"], config["num_hidden_layers"], config["num_attention_heads"], config["num_key_value_heads"]
    else:
        hidden, layers, heads, kv_heads = config["n_embd"], config["n_layer"], config["n_head"], None
    token_dim, attention_heads = hidden, heads
    if adapter["peft_type"] == "PREFIX_TUNING" and kv_heads is not None:
        token_dim = token_dim // heads * kv_heads
        attention_heads = kv_heads
    for field, value in (("token_dim", token_dim), ("num_layers", layers), ("num_attention_heads", attention_heads)):
        assert adapter.get(field) in (None, value), (field, adapter.get(field), value)
    encoder_hidden = adapter.get("encoder_hidden_size") or token_dim
    return dict(token_dim=token_dim, num_layers=layers, num_attention_heads=attention_heads, encoder_hidden_size=encoder_hidden, num_virtual_tokens=adapter["num_virtual_tokens"])


def load_state(module, tensors, prefix):
    state = {name[len(prefix) :]: tensor for name, tensor in tensors.items() if name.startswith(prefix)}
    module.load_state_dict(state, strict=True)


def p_tuning_prompt(adapter, dims, encoder):
    """peft/tuners/p_tuning/model.py PromptEncoder.forward on the virtual token ids 0..V-1."""
    token_dim, hidden, virtual = dims["token_dim"], dims["encoder_hidden_size"], dims["num_virtual_tokens"]
    embedding = torch.nn.Embedding(virtual, token_dim)
    load_state(embedding, encoder, "prompt_encoder.embedding.")
    inputs = embedding(torch.arange(virtual).unsqueeze(0))
    if adapter.get("encoder_reparameterization_type", "MLP") == "LSTM":
        lstm = torch.nn.LSTM(input_size=token_dim, hidden_size=hidden, num_layers=adapter.get("encoder_num_layers", 2), dropout=0.0, bidirectional=True, batch_first=True)
        load_state(lstm, encoder, "prompt_encoder.lstm_head.")
        head = torch.nn.Sequential(torch.nn.Linear(hidden * 2, hidden * 2), torch.nn.ReLU(), torch.nn.Linear(hidden * 2, token_dim))
        load_state(head, encoder, "prompt_encoder.mlp_head.")
        return head(lstm(inputs)[0])[0]
    head = torch.nn.Sequential(torch.nn.Linear(token_dim, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, token_dim))
    load_state(head, encoder, "prompt_encoder.mlp_head.")
    return head(inputs)[0]


def prefix_flat(adapter, dims, tensors, encoder):
    """PrefixEncoder: the embedding itself, or embedding -> Linear -> Tanh -> Linear."""
    if not adapter.get("prefix_projection"):
        return tensors["prompt_embeddings"]
    token_dim, hidden, virtual, layers = dims["token_dim"], dims["encoder_hidden_size"], dims["num_virtual_tokens"], dims["num_layers"]
    embedding = torch.nn.Embedding(virtual, token_dim)
    load_state(embedding, encoder, "prompt_encoder.embedding.")
    transform = torch.nn.Sequential(torch.nn.Linear(token_dim, hidden), torch.nn.Tanh(), torch.nn.Linear(hidden, layers * 2 * token_dim))
    load_state(transform, encoder, "prompt_encoder.transform.")
    return transform(embedding(torch.arange(virtual)))


def prefix_key_values(flat, dims, batch):
    """PeftModel.get_prompt: view(batch, V, layers*2, heads, head_dim).permute(2, 0, 3, 1, 4).split(2)."""
    heads = dims["num_attention_heads"]
    past = flat.unsqueeze(0).repeat(batch, 1, 1)
    past = past.view(batch, dims["num_virtual_tokens"], dims["num_layers"] * 2, heads, dims["token_dim"] // heads)
    return [(pair[0], pair[1]) for pair in past.permute([2, 0, 3, 1, 4]).split(2)]


# --- models ---------------------------------------------------------------------------------


def attention(q, k, v, keys_mask, prefix, window=None):
    """q [b, h, s, d]; k, v [b, kv, s, d]; keys_mask [b, P + s] (1 = attend); window: Mistral's
    sliding window, counted in key columns (transformers: q_idx - kv_idx < sliding_window)."""
    if prefix is not None:
        k, v = torch.cat([prefix[0], k], dim=2), torch.cat([prefix[1], v], dim=2)
    repeat = q.shape[1] // k.shape[1]
    k, v = k.repeat_interleave(repeat, dim=1), v.repeat_interleave(repeat, dim=1)
    queries, keys = q.shape[2], k.shape[2]
    causal = torch.ones(queries, keys, dtype=torch.bool).tril(diagonal=keys - queries)
    if window is not None:
        query_index = torch.arange(queries)[:, None] + (keys - queries)
        causal = causal & (query_index - torch.arange(keys)[None, :] < window)
    allowed = causal[None, None] & keys_mask[:, None, None, :].bool()
    scores = (q @ k.transpose(-1, -2)) / math.sqrt(q.shape[-1])
    scores = scores.masked_fill(~allowed, torch.finfo(torch.float32).min)
    return torch.softmax(scores, dim=-1) @ v


def rope_inverse_frequencies(config, head_dim, position_ids):
    """modeling_rope_utils.py: default, linear, dynamic (NTK, grown from max_position_embeddings
    with the longest position of the batch) and llama3 inverse frequencies, in float32."""
    theta = config.get("rope_theta", 10000.0)
    scaling = config.get("rope_scaling") or {}
    rope_type = scaling.get("rope_type", scaling.get("type", "default"))
    exponents = torch.arange(0, head_dim, 2, dtype=torch.int64).float() / head_dim
    if rope_type == "dynamic":
        original = config["max_position_embeddings"]
        seq_len = max(int(position_ids.max()) + 1, original)
        theta = theta * ((scaling["factor"] * seq_len / original) - (scaling["factor"] - 1)) ** (head_dim / (head_dim - 2))
    inv_freq = 1.0 / (theta ** exponents)
    if rope_type == "linear":
        inv_freq = inv_freq / scaling["factor"]
    if rope_type == "llama3":
        factor, low, high = scaling["factor"], scaling["low_freq_factor"], scaling["high_freq_factor"]
        context = scaling["original_max_position_embeddings"]
        wavelength = 2 * math.pi / inv_freq
        scaled = torch.where(wavelength > context / low, inv_freq / factor, inv_freq)
        smooth = (context / wavelength - low) / (high - low)
        smoothed = (1 - smooth) * scaled / factor + smooth * scaled
        medium = ~(wavelength < context / high) & ~(wavelength > context / low)
        inv_freq = torch.where(medium, smoothed, scaled)
    return inv_freq


def llama_forward(config, weights, input_ids, attention_mask, position_ids, lora, prompt, prefix):
    hidden, heads, kv_heads = config["hidden_size"], config["num_attention_heads"], config["num_key_value_heads"]
    head_dim = config.get("head_dim") or hidden // heads
    eps = config["rms_norm_eps"]
    embed = weights["model.embed_tokens.weight"]

    gemma = config["model_type"] == "gemma"

    def norm(x, weight):
        # GemmaRMSNorm scales by (1 + weight), LlamaRMSNorm by weight.
        return (1.0 + weight if gemma else weight) * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))

    def activation(x):
        # GemmaMLP: hidden_activation, gelu_pytorch_tanh when unset; LLaMA: SiLU.
        if not gemma:
            return torch.nn.functional.silu(x)
        return torch.nn.functional.gelu(x, approximate="none" if config.get("hidden_activation") == "gelu" else "tanh")

    def proj(x, path):
        return lora(path, x, x @ weights[f"{path}.weight"].T)

    def rope(x, cos, sin):
        half = x.shape[-1] // 2
        rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
        return x * cos + rotated * sin

    h = embed[input_ids]
    if gemma:
        h = h * torch.tensor(hidden**0.5, dtype=h.dtype)  # GemmaModel's normalizer
    if prompt is not None:
        h = torch.cat([prompt.unsqueeze(0).expand(h.shape[0], -1, -1), h], dim=1)
    batch, seq, _ = h.shape
    inv_freq = rope_inverse_frequencies(config, head_dim, position_ids)
    window = config.get("sliding_window") if config["model_type"] == "mistral" else None
    freqs = position_ids[:, :, None].float() * inv_freq[None, None, :]
    emb = torch.cat([freqs, freqs], dim=-1)
    cos, sin = emb.cos()[:, None], emb.sin()[:, None]
    for layer in range(config["num_hidden_layers"]):
        p = f"model.layers.{layer}"
        x = norm(h, weights[f"{p}.input_layernorm.weight"])
        q = proj(x, f"{p}.self_attn.q_proj").view(batch, seq, heads, head_dim).transpose(1, 2)
        k = proj(x, f"{p}.self_attn.k_proj").view(batch, seq, kv_heads, head_dim).transpose(1, 2)
        v = proj(x, f"{p}.self_attn.v_proj").view(batch, seq, kv_heads, head_dim).transpose(1, 2)
        out = attention(rope(q, cos, sin), rope(k, cos, sin), v, attention_mask, prefix[layer] if prefix else None, window)
        h = h + proj(out.transpose(1, 2).reshape(batch, seq, heads * head_dim), f"{p}.self_attn.o_proj")
        x = norm(h, weights[f"{p}.post_attention_layernorm.weight"])
        gate = proj(x, f"{p}.mlp.gate_proj")
        h = h + proj(activation(gate) * proj(x, f"{p}.mlp.up_proj"), f"{p}.mlp.down_proj")
    h = norm(h, weights["model.norm.weight"])
    return h @ weights.get("lm_head.weight", embed).T


def gpt2_forward(config, weights, input_ids, attention_mask, position_ids, lora, prompt, prefix):
    hidden, heads, eps = config["n_embd"], config["n_head"], config["layer_norm_epsilon"]
    head_dim = hidden // heads
    w = {name[len("transformer.") :] if name.startswith("transformer.") else name: t for name, t in weights.items()}

    def conv1d(x, path):
        return lora(f"transformer.{path}", x, x @ w[f"{path}.weight"] + w[f"{path}.bias"])

    def layer_norm(x, path):
        return torch.nn.functional.layer_norm(x, (hidden,), w[f"{path}.weight"], w[f"{path}.bias"], eps)

    def gelu_new(x):
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))

    h = w["wte.weight"][input_ids]
    if prompt is not None:
        h = torch.cat([prompt.unsqueeze(0).expand(h.shape[0], -1, -1), h], dim=1)
    h = h + w["wpe.weight"][position_ids]
    batch, seq, _ = h.shape
    split = lambda t: t.view(batch, seq, heads, head_dim).transpose(1, 2)
    for layer in range(config["n_layer"]):
        p = f"h.{layer}"
        q, k, v = conv1d(layer_norm(h, f"{p}.ln_1"), f"{p}.attn.c_attn").split(hidden, dim=2)
        out = attention(split(q), split(k), split(v), attention_mask, prefix[layer] if prefix else None)
        h = h + conv1d(out.transpose(1, 2).reshape(batch, seq, hidden), f"{p}.attn.c_proj")
        h = h + conv1d(gelu_new(conv1d(layer_norm(h, f"{p}.ln_2"), f"{p}.mlp.c_fc")), f"{p}.mlp.c_proj")
    h = layer_norm(h, "ln_f")
    return h @ w.get("lm_head.weight", w["wte.weight"]).T


# --- cases ----------------------------------------------------------------------------------


def peft_inputs(adapter, input_ids, attention_mask):
    """PeftModelForCausalLM.forward's inputs, given the position ids generate() would pass
    (cumsum(mask) - 1, padding clamped to 0): prompt learning prepends V ones to the mask;
    prompt/p-tuning drop position_ids, so transformers numbers all V + seq inputs 0..; prefix
    tuning adds V to them."""
    positions = (attention_mask.cumsum(-1) - 1).clamp(min=0)
    if adapter is None or adapter["peft_type"] in ("LORA", "IA3"):
        return attention_mask, positions
    virtual = adapter["num_virtual_tokens"]
    mask = torch.cat([torch.ones(attention_mask.shape[0], virtual, dtype=attention_mask.dtype), attention_mask], dim=1)
    if adapter["peft_type"] == "PREFIX_TUNING":
        return mask, positions + virtual
    return mask, torch.arange(mask.shape[1]).unsqueeze(0).expand(mask.shape[0], -1)


def adapter_gradients(tensors, forward, attention_mask):
    """The gradient of each adapter tensor (LoRA's and DoRA's, IA3's: those the forward reads
    as they are saved) of the mean log-sum-exp of the logits of the real tokens, by autograd."""
    for tensor in tensors.values():
        tensor.requires_grad_(True)
    with torch.enable_grad():
        logits = forward()
        real = attention_mask.bool()
        loss = torch.logsumexp(logits, dim=-1)[real].mean()
        loss.backward()
    return {name: [float("%.7g" % value) for value in tensor.grad.flatten().tolist()] for name, tensor in tensors.items()}


def run_case(case, models, batches):
    architecture = case["architecture"]
    model_dir = os.path.join(ROOT, models[architecture])
    with open(os.path.join(model_dir, "config.json")) as handle:
        config = {**json.load(handle), **case.get("config", {})}
    weights = read_safetensors(os.path.join(model_dir, "model.safetensors"))
    batch = batches[architecture]
    input_ids = torch.tensor(batch["input_ids"])
    attention_mask = torch.tensor(batch["attention_mask"])
    adapter = case["adapter"]
    lora = lambda path, x, y: y
    prompt, prefix, virtual = None, None, 0
    if adapter is not None:
        directory = os.path.join(PARITY, "adapters", case["name"])
        with open(os.path.join(directory, "adapter_config.json")) as handle:
            adapter = json.load(handle)
        tensors = read_safetensors(os.path.join(directory, "adapter_model.safetensors"))
        encoder_path = os.path.join(directory, "prompt_encoder.safetensors")
        encoder = read_safetensors(encoder_path) if os.path.exists(encoder_path) else {}
        kind = adapter["peft_type"]
        if kind == "LORA":
            lora = Lora(adapter, tensors, linear_weights(architecture, weights))
        elif kind == "IA3":
            lora = Ia3(tensors, linear_weights(architecture, weights))
        else:
            dims = prompt_learning_dims(adapter, config, architecture)
            virtual = dims["num_virtual_tokens"]
            if kind == "PROMPT_TUNING":
                prompt = tensors["prompt_embeddings"]
            elif kind == "P_TUNING":
                prompt = p_tuning_prompt(adapter, dims, encoder)
            else:
                prefix = prefix_key_values(prefix_flat(adapter, dims, tensors, encoder), dims, input_ids.shape[0])
    mask, positions = peft_inputs(adapter, input_ids, attention_mask)
    forward = gpt2_forward if architecture == "gpt2" else llama_forward
    logits = forward(config, weights, input_ids, mask, positions, lora, prompt, prefix)
    offset = virtual if prompt is not None else 0
    gradients = None
    if case.get("gradients"):
        gradients = adapter_gradients(tensors, lambda: forward(config, weights, input_ids, mask, positions, lora, prompt, prefix), attention_mask)
    rows, selected, logsumexp = [], [], []
    for b in range(input_ids.shape[0]):
        real = [i for i in range(input_ids.shape[1]) if attention_mask[b, i] == 1]
        for token in (real[len(real) // 2], real[-1]):
            rows.append([b, token + offset])
            selected.append([round(v, 6) for v in logits[b, token + offset].tolist()])
        lse = torch.logsumexp(logits[b], dim=-1).tolist()
        logsumexp.append([round(lse[q], 6) if q >= offset and attention_mask[b, q - offset] == 1 else None for q in range(logits.shape[1])])
    return {
        "case": case["name"],
        "generator": "packages/models/scripts/reference/reference_models.py (PyTorch %s)" % torch.__version__,
        "inputs": {"input_ids": input_ids.tolist(), "attention_mask": mask.tolist(), "position_ids": positions.tolist()},
        "rows": rows,
        "logits": selected,
        "logsumexp": logsumexp,
        **({} if gradients is None else {"gradients": gradients}),
    }


def main():
    with open(os.path.join(PARITY, "cases.json")) as handle:
        spec = json.load(handle)
    with open(os.path.join(PARITY, "batches.json")) as handle:
        batches = json.load(handle)
    os.makedirs(GOLDEN, exist_ok=True)
    only = set(sys.argv[1:])
    for case in spec["cases"]:
        if only and case["name"] not in only:
            continue
        golden = run_case(case, spec["models"], batches)
        path = os.path.join(GOLDEN, f"{case['name']}.json")
        text = json.dumps(golden, separators=(",", ":"))
        with open(path, "w") as handle:
            handle.write(text + "\n")
        print(f"wrote {os.path.relpath(path, ROOT)} ({len(text) // 1024} KB)")


if __name__ == "__main__":
    main()
