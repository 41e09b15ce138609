#!/usr/bin/python3
"""PyTorch CUDA counterpart of ../shared/bench/torch_reference.py for the GPU check (.ci/gpu/run.sh).

Same model, data and optimizer as toysup's engines (tied ReLU-output model, fresh data every step, AdamW), all K
instances batched, on one CUDA device. Prints one JSON line: steps/s of the loop (after a warm-up) and of the process.
"""
import argparse, json, math, time
T0 = time.perf_counter()
import torch


def table(v, k, n, per_instance_list):
    t = torch.as_tensor(v, dtype=torch.float32)
    if t.dim() == 0:
        return t.expand(k, n).clone()
    if t.dim() == 1:
        return (t.view(k, 1) if per_instance_list else t.view(1, n)).expand(k, n).clone()
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--steps", type=int, default=None)
    a = ap.parse_args()
    cfg = json.load(open(a.config))
    dev = "cuda"
    torch.manual_seed(int(cfg.get("seed", 0)))
    n, m, k = cfg["features"], cfg["hidden"], cfg.get("instances", 1)
    steps = a.steps or cfg["steps"]
    batch = cfg.get("batch_size", 1024)
    p = table(cfg.get("feature_probability", 1.0), k, n, True).to(dev).unsqueeze(1)
    if "importance" in cfg:
        imp = table(cfg["importance"], k, n, False)
    else:
        imp = table(float(cfg.get("importance_decay", 1.0)) ** torch.arange(n, dtype=torch.float32), k, n, False)
    imp = imp.to(dev).unsqueeze(1)
    W = torch.nn.Parameter(torch.randn(k, n, m, device=dev) * math.sqrt(2 / (n + m)))
    b = torch.nn.Parameter(torch.zeros(k, n, device=dev))
    opt = torch.optim.AdamW([W, b], lr=cfg.get("learning_rate", 1e-3), weight_decay=cfg.get("weight_decay", 0.01))

    def step():
        u = torch.rand(k, batch, n, device=dev)
        x = torch.where(u < p, u / p, torch.zeros((), device=dev))
        out = torch.relu(torch.baddbmm(b.unsqueeze(1), torch.bmm(x, W), W.transpose(1, 2)))
        per = ((x - out) ** 2 * imp).sum(-1).mean(-1)
        opt.zero_grad(set_to_none=True)
        per.sum().backward()
        opt.step()
        return per

    for _ in range(10):
        step()
    torch.cuda.synchronize()
    t1 = time.perf_counter()
    for _ in range(steps):
        last = step()
    torch.cuda.synchronize()
    t2 = time.perf_counter()
    print(json.dumps({"impl": f"torch-{torch.__version__}-cuda", "device": torch.cuda.get_device_name(0),
                      "steps": steps, "loop_steps_per_s": steps / (t2 - t1), "process_s": t2 - T0,
                      "mean_final_loss": float(last.mean())}))


if __name__ == "__main__":
    main()
