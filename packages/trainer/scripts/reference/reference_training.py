#!/usr/bin/python3
"""PyTorch reference of causal-tune's training steps, for the trainer's parity test.

The model and the PEFT methods come from packages/models/scripts/reference/reference_models.py
(an independent torch implementation of LLaMA, GPT-2 and PEFT); this script adds what training
adds: the weighted token cross-entropy of the chosen positions, autograd, gradient accumulation
over micro-batches, torch.nn.utils.clip_grad_norm_, torch.optim.AdamW and transformers' linear
warm-up schedule (get_linear_schedule_with_warmup, rewritten with LambdaLR). It reads the
batches and starting tensors that make-parity-fixtures.ts wrote (the feeds causal-tune collates)
and writes test/fixtures/parity/golden-<method>.json with the loss of every step.

    cd packages/trainer && ../../node_modules/.bin/tsx scripts/reference/make-parity-fixtures.ts
    /usr/bin/python3 scripts/reference/reference_training.py
"""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "packages", "models", "scripts", "reference"))
import reference_models as rm  # noqa: E402

torch.set_grad_enabled(True)
torch.set_num_threads(2)
PARITY = os.path.join(ROOT, "packages", "trainer", "test", "fixtures", "parity")
MODEL = os.path.join(ROOT, "fixtures", "models", "stories260K")


def train(method):
    with open(os.path.join(PARITY, f"batches-{method}.json")) as handle:
        fixture = json.load(handle)
    settings = fixture["settings"]
    with open(os.path.join(MODEL, "config.json")) as handle:
        config = json.load(handle)
    weights = rm.read_safetensors(os.path.join(MODEL, "model.safetensors"))
    lora = lambda path, x, y: y  # noqa: E731
    prompt = None
    if method == "full":
        weights = {name: torch.nn.Parameter(tensor.clone()) for name, tensor in weights.items()}
        params = list(weights.values())
    else:
        initial = {name: torch.nn.Parameter(tensor.clone()) for name, tensor in rm.read_safetensors(os.path.join(PARITY, f"initial-{method}.safetensors")).items()}
        params = list(initial.values())
        if method == "lora":
            options = settings["method"]
            lora = rm.Lora({"lora_alpha": options["loraAlpha"], "use_rslora": options["useRslora"]}, initial)
        else:
            prompt = initial["prompt_embeddings"]
    optimizer_settings = settings["optimizer"]
    optimizer = torch.optim.AdamW(params, lr=optimizer_settings["learningRate"], betas=(optimizer_settings["beta1"], optimizer_settings["beta2"]), eps=optimizer_settings["epsilon"], weight_decay=optimizer_settings["weightDecay"])
    warmup, total = settings["schedule"]["warmupSteps"], settings["steps"]
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: step / max(1, warmup) if step < warmup else max(0.0, (total - step) / max(1, total - warmup)))
    losses = []
    for micro_batches in fixture["steps"]:
        optimizer.zero_grad(set_to_none=True)
        step_loss = 0.0
        for feeds in micro_batches:
            tensor = lambda key, dtype=torch.int64: torch.tensor(feeds[key]["data"], dtype=dtype).reshape(feeds[key]["dims"])  # noqa: E731
            logits = rm.llama_forward(config, weights, tensor("input_ids"), tensor("attention_mask"), tensor("position_ids"), lora, prompt, None)
            rows = logits.reshape(-1, logits.shape[-1])[tensor("loss_positions")]
            picked = torch.log_softmax(rows, dim=-1).gather(1, tensor("loss_targets")[:, None]).squeeze(1)
            loss = -(picked * tensor("loss_weights", torch.float32)).sum()
            loss.backward()
            step_loss += loss.item()
        torch.nn.utils.clip_grad_norm_(params, optimizer_settings["maxGradNorm"])
        optimizer.step()
        schedule.step()
        losses.append(step_loss)
    with open(os.path.join(PARITY, f"golden-{method}.json"), "w") as handle:
        json.dump({"method": method, "torch": torch.__version__, "losses": losses}, handle, indent=1)
        handle.write("\n")
    print(method, losses[0], losses[-1])


for name in ("lora", "prompt-tuning", "full"):
    train(name)
