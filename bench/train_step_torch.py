# PyTorch reference for bench/train-step.ts: ms per training step of the same fc and conv β-VAEs
# (thesis Tables C.3/C.4; 64×64×1, batch 64, latent 10, Adam 1e-4, Bernoulli logits summed over pixels).
# Prints one JSON line {"fc": ms, "conv": ms, "torch": version, "threads": n}. Usage: python3 train_step_torch.py STEPS
import json, os, sys, time
import torch
from torch import nn

L = 10

class Conv(nn.Module):
    def __init__(self):
        super().__init__()
        r = nn.ReLU()
        self.enc = nn.Sequential(nn.Conv2d(1, 32, 4, 2, 1), r, nn.Conv2d(32, 32, 4, 2, 1), r, nn.Conv2d(32, 64, 4, 2, 1), r,
                                 nn.Conv2d(64, 64, 4, 2, 1), r, nn.Flatten(), nn.Linear(1024, 256), r, nn.Linear(256, 2 * L))
        self.dec = nn.Sequential(nn.Linear(L, 256), r, nn.Linear(256, 1024), r, nn.Unflatten(1, (64, 4, 4)),
                                 nn.ConvTranspose2d(64, 64, 4, 2, 1), r, nn.ConvTranspose2d(64, 32, 4, 2, 1), r,
                                 nn.ConvTranspose2d(32, 32, 4, 2, 1), r, nn.ConvTranspose2d(32, 1, 4, 2, 1))

class FC(nn.Module):
    def __init__(self):
        super().__init__()
        r, t = nn.ReLU(), nn.Tanh()
        self.enc = nn.Sequential(nn.Flatten(), nn.Linear(4096, 1200), r, nn.Linear(1200, 1200), r, nn.Linear(1200, 2 * L))
        self.dec = nn.Sequential(nn.Linear(L, 256), t, nn.Linear(256, 1200), t, nn.Linear(1200, 1200), t, nn.Linear(1200, 4096),
                                 nn.Unflatten(1, (1, 64, 64)))

def loss(model, x):
    h = model.enc(x)
    mean, logvar = h[:, :L], h[:, L:]
    z = mean + torch.exp(0.5 * logvar) * torch.randn_like(mean)
    logits = model.dec(z)
    rec = nn.functional.binary_cross_entropy_with_logits(logits, x, reduction="sum") / x.shape[0]
    kl = 0.5 * (mean.pow(2) + logvar.exp() - logvar - 1).sum(1).mean()
    return rec + kl

def time_model(model, steps):
    torch.manual_seed(0)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.9, 0.999), eps=1e-8)
    x = (torch.rand(64, 1, 64, 64) > 0.5).float()
    def step():
        opt.zero_grad()
        l = loss(model, x)
        l.backward()
        opt.step()
        return l.item()
    for _ in range(2):
        step()
    t = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - t) * 1000 / steps

def best_over_threads(make, steps):
    # Debian's torch starts with one thread here; with two it can be faster on a quiet machine and much
    # slower on a busy one (OpenMP spin-waits). Report PyTorch at its best: the faster thread count.
    times = {}
    for threads in sorted({1, os.cpu_count() or 1}):
        torch.set_num_threads(threads)
        times[threads] = time_model(make(), steps)
    threads = min(times, key=times.get)
    return times[threads], threads

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
fc, fc_threads = best_over_threads(FC, steps)
conv, conv_threads = best_over_threads(Conv, steps)
print(json.dumps({"fc": fc, "conv": conv, "torch": torch.__version__, "threads": f"fc {fc_threads}, conv {conv_threads}"}))
