"""train_torch.py — PyTorch CPU eager, one thread: training steps of the lm-lengths Transformer.

    /usr/bin/python3 bench/train_torch.py VOCAB T BATCH LAYERS DMODEL HEADS DFF WARMUP REPS

The same model as the core's (TRAINING.md: GPT-2 style pre-LayerNorm decoder, learned positions,
tied head, GELU tanh) and the same step: forward, masked mean cross-entropy, backward,
clip_grad_norm_, AdamW with decay on 2-D tensors only. float32. Prints
{"median_ms": ..., "torch": ...} as JSON; prints {"skipped": reason} when torch is missing.
"""
import json
import math
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:  # the benchmark says so and goes on
    print(json.dumps({"skipped": f"no torch for {sys.executable}: {e}"}))
    sys.exit(0)


class Block(nn.Module):
    def __init__(self, d, heads, dff):
        super().__init__()
        self.heads = heads
        self.ln1, self.ln2 = nn.LayerNorm(d, eps=1e-5), nn.LayerNorm(d, eps=1e-5)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.fc, self.fc_proj = nn.Linear(d, dff), nn.Linear(dff, d)

    def forward(self, x, mask):
        B, T, d = x.shape
        dh = d // self.heads
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=-1)
        q, k, v = (t.view(B, T, self.heads, dh).transpose(1, 2) for t in (q, k, v))
        s = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(dh))
        w = torch.softmax(s.masked_fill(mask, float("-inf")), dim=-1)
        y = (w @ v).transpose(1, 2).reshape(B, T, d)
        x = x + self.proj(y)
        return x + self.fc_proj(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self, vocab, max_len, layers, d, heads, dff):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(vocab, d), nn.Embedding(max_len, d)
        self.blocks = nn.ModuleList(Block(d, heads, dff) for _ in range(layers))
        self.lnf = nn.LayerNorm(d, eps=1e-5)
        for n, p in self.named_parameters():
            if p.dim() == 2:
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * layers) if n.endswith("proj.weight") else 0.02)
            elif "ln" not in n:
                nn.init.zeros_(p)

    def forward(self, tokens):
        T = tokens.shape[1]
        mask = torch.ones(T, T, dtype=torch.bool).triu(1)
        x = self.wte(tokens) + self.wpe(torch.arange(T))[None]
        for b in self.blocks:
            x = b(x, mask)
        return self.lnf(x) @ self.wte.weight.T


def main():
    if len(sys.argv) != 10:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    V, T, B, L, d, H, dff, warmup, reps = (int(a) for a in sys.argv[1:])
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = GPT(V, T, L, d, H, dff)
    params = list(model.parameters())
    opt = torch.optim.AdamW([{"params": [p for p in params if p.dim() == 2], "weight_decay": 0.1},
                             {"params": [p for p in params if p.dim() != 2], "weight_decay": 0.0}], lr=1e-3)
    tokens = torch.randint(0, V, (B, T))
    targets = torch.randint(0, V, (B, T))
    mask = torch.ones(B, T)

    def step():
        opt.zero_grad(set_to_none=True)
        nll = F.cross_entropy(model(tokens).view(-1, V), targets.view(-1), reduction="none")
        loss = (nll * mask.view(-1)).sum() / mask.sum()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        return float(loss)

    for _ in range(warmup):
        step()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    print(json.dumps({"median_ms": times[len(times) // 2], "torch": torch.__version__,
                      "params": sum(p.numel() for p in params)}))


if __name__ == "__main__":
    main()
