#!/usr/bin/env python3
"""The balancer against HAProxy, side by side in one run (issue 13). Loopback only.

Starts two async workers (1 event loop each), HAProxy (the machine's Debian package, its default
threads, roundrobin, keep-alive to the workers) and the balancer on each data plane (vertx, netty:
its defaults, one loop per CPU) in front of the same two workers. Warms every path up in every
shape below, pass after pass, until the JVMs' JIT compiler threads are quiet (--quiet-jit-ms).
Then, rounds interleaved (the order rotates every round):
  * maximum rate: wrk at 32 and 256 connections, and at 1 connection (p50/p99 of one at a time);
  * latency at half of the lower maximum (HAProxy's or the netty plane's median at 32 connections):
    hey at that fixed rate (open loop, 32 connections), every request's time from hey's CSV.
Every point records requests/s, percentiles and the CPU time each process used (/proc/PID/stat),
so CPU microseconds per request can be read on a machine whose neighbours move req/s.

  ./mvnw -q -B package -DskipTests
  python3 scripts/bench-vs-haproxy.py --rounds 3 --write-doc docs/benchmarks.md

A variant is NAME=JAR[:MAINCLASS][|EXTRA JVM FLAGS separated by spaces]; without --variant the two
data planes of balancer/target/balancer.jar. The JSON of the run goes to --out; --write-doc
replaces the block between this script's markers in docs/benchmarks.md (./lab bench keeps it).
"""
import argparse
import csv
import io
import platform
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
JAVA = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64") + "/bin/java"
JVM_FLAGS = ["--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xss512k",
             "--sun-misc-unsafe-memory-access=allow"]
TICK = os.sysconf("SC_CLK_TCK")
# The fixed rate of the warm-up's hey runs (the measured one is only known after the maximum rates).
WARMUP_RATE = 5000


def compiler_ms(pids):
    """CPU time (ms) the JIT compiler threads (C1, C2) of these processes have used, from /proc."""
    total = 0
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                if "CompilerThre" in open(f"/proc/{pid}/task/{tid}/comm").read():
                    total += int(open(f"/proc/{pid}/task/{tid}/schedstat").read().split()[0])
            except OSError:
                pass  # a compiler thread the JVM retired meanwhile
    return total / 1e6


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid, sys_only=False):
    """utime + stime (or stime only) of a process and its threads (not its children), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[12]) if sys_only else int(fields[11]) + int(fields[12])) / TICK


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def wait_http(url, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError("no answer from " + url)


class Procs:
    def __init__(self, tmp):
        self.tmp = tmp
        self.procs = []

    def start(self, name, argv, env=None):
        log = open(os.path.join(self.tmp, name + ".log"), "w")
        p = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                             env=None if env is None else {**os.environ, **env})
        self.procs.append((name, p))
        return p

    def stop(self):
        for name, p in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for name, p in self.procs:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()


def parse_ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)", text)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v if u == "ms" else v * 1000 if u == "s" else v * 60000


def run_wrk(url, conns, duration, threads):
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{conns}", f"-d{duration}s", "--latency", url],
                         capture_output=True, text=True, timeout=duration + 60).stdout
    res = {"raw": out}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    res["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"(\d+) requests in", out)
    res["requests"] = int(m.group(1)) if m else 0
    for p in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{p}%\s+(\S+)", out, re.M)
        res["p" + p] = parse_ms(m.group(1)) if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    res["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: (.*)", out)
    res["errors"] = m.group(1) if m else ""
    return res


HAPROXY_CFG = """global
    log stdout format raw local0 emerg
defaults
    mode http
    timeout connect 1s
    timeout client 150s
    timeout server 150s
    option http-keep-alive
frontend fe
    bind 127.0.0.1:{port}
    default_backend be
backend be
    balance roundrobin
    http-reuse safe
{servers}
"""


def balancer_config(path, port, admin_port, workers, h2c_ports, extra):
    text = open(os.path.join(ROOT, "config/topologies/async.yml")).read()
    text = re.sub(r"(?m)^(  port:)\s*8080", rf"\g<1> {port}", text)
    text = re.sub(r"(?m)^(  admin-port:)\s*8081", rf"\g<1> {admin_port}", text)
    text = text.replace("  enabled: true", "  enabled: false")
    # With the workers' h2c listeners (what a balancer learns from the registry): host:port;h2c=PORT.
    addrs = ", ".join(f'"127.0.0.1:{w};h2c={h}"' if h else f"127.0.0.1:{w}" for w, h in zip(workers, h2c_ports))
    # the async section's addresses
    idx = text.find("addresses: []", text.find("\nasync:"))
    text = text[:idx] + f"addresses: [{addrs}]" + text[idx + len("addresses: []"):]
    for k, v in extra.items():
        text = re.sub(rf"(?m)^(  {k}:)\s*\S+", rf"\g<1> {v}", text)
    open(path, "w").write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=6,
                    help="seconds of c=32 load per path and warm-up pass (then half at 256, a third at 1 and at a fixed rate)")
    ap.add_argument("--warmup-passes", type=int, default=6, help="warm-up passes at most")
    ap.add_argument("--quiet-jit-ms", type=int, default=500,
                    help="a warm-up pass whose JIT compiler threads used less CPU than this (ms) ends the warm-up; "
                         "measured: 25 s, 2.4 s, then 250-500 ms per pass of about 50 s, where it stays")
    ap.add_argument("--duration", type=int, default=8)
    ap.add_argument("--conns", default="32,256")
    ap.add_argument("--latency-duration", type=int, default=5)
    ap.add_argument("--wrk-threads", type=int, default=2)
    ap.add_argument("--variant", action="append", default=[])
    ap.add_argument("--rate-duration", type=int, default=5, help="seconds per path at the fixed rate")
    ap.add_argument("--write-doc", help="replace this script's block in this Markdown file (docs/benchmarks.md)")
    ap.add_argument("--no-direct", action="store_true")
    ap.add_argument("--no-haproxy", action="store_true")
    ap.add_argument("--haproxy-h2", action="store_true", help="also HAProxy with 'proto h2' to the workers")
    ap.add_argument("--worker-loops", type=int, default=1)
    ap.add_argument("--worker-jar", default=os.path.join(ROOT, "async-worker/target/async-worker.jar"))
    ap.add_argument("--worker-args", default="")
    ap.add_argument("--h2c-on-http-port", action="store_true",
                    help="the balancer's h2c to the workers' HTTP port (Vert.x's HTTP/2 server) instead of their own "
                         "h2c listener (async.h2c-base-port), which is what a balancer following the registry uses")
    ap.add_argument("--worker-jvm", default="", help="extra JVM flags for the workers")
    ap.add_argument("--path", default="/work?io=0")
    ap.add_argument("--out", default="/tmp/perf13-bench.json")
    ap.add_argument("--perf", help="directory: perf record every proxy during round 0")
    ap.add_argument("--hold", type=int, default=0, help="start everything, write the URLs and pids to --out, wait")
    ap.add_argument("--balancer-set", action="append", default=[], help="key=value in the balancer section")
    args = ap.parse_args()
    if not args.variant:
        jar = os.path.join(ROOT, "balancer/target/balancer.jar")
        args.variant = [f"vertx={jar}|-Dlab.balancer.data-plane=vertx", f"netty={jar}|-Dlab.balancer.data-plane=netty"]
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = os.getloadavg()
    t_start = time.time()
    # SIGTERM (kill PID) must stop the servers too: turn it into an exception so `finally` runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    tmp = tempfile.mkdtemp(prefix="bench-vs-haproxy-")
    procs = Procs(tmp)
    try:
        workers = [free_port(), free_port()]
        h2c_ports = [0, 0] if args.h2c_on_http_port else [free_port(), free_port()]
        wprocs = []
        for i, port in enumerate(workers):
            wprocs.append(procs.start(f"async-{i+1}", [JAVA, *JVM_FLAGS, *args.worker_jvm.split(), "-jar", args.worker_jar,
                                                       "--id", f"async-{i+1}", "--port", str(port),
                                                       "--event-loops", str(args.worker_loops),
                                                       *(["--h2c-port", str(h2c_ports[i])] if h2c_ports[i] else []),
                                                       *args.worker_args.split()]))
        for port in workers:
            wait_http(f"http://127.0.0.1:{port}/health")
        paths = {}  # name -> (url, pid or None)
        if not args.no_direct:
            paths["direct"] = (f"http://127.0.0.1:{workers[0]}{args.path}", None)
        if not args.no_haproxy:
            hport = free_port()
            cfg = os.path.join(tmp, "haproxy.cfg")
            servers = "\n".join(f"    server w{i} 127.0.0.1:{p}" for i, p in enumerate(workers))
            open(cfg, "w").write(HAPROXY_CFG.format(port=hport, servers=servers))
            hp = procs.start("haproxy", ["haproxy", "-db", "-f", cfg])
            time.sleep(0.5)
            wait_http(f"http://127.0.0.1:{hport}/health")
            paths["haproxy"] = (f"http://127.0.0.1:{hport}{args.path}", hp.pid)
        if args.haproxy_h2:
            hport = free_port()
            cfg = os.path.join(tmp, "haproxy-h2.cfg")
            servers = "\n".join(f"    server w{i} 127.0.0.1:{p} proto h2" for i, p in enumerate(workers))
            open(cfg, "w").write(HAPROXY_CFG.format(port=hport, servers=servers))
            hp = procs.start("haproxy-h2", ["haproxy", "-db", "-f", cfg])
            time.sleep(0.5)
            wait_http(f"http://127.0.0.1:{hport}/health")
            paths["haproxyh2"] = (f"http://127.0.0.1:{hport}{args.path}", hp.pid)
        extra = dict(kv.split("=", 1) for kv in args.balancer_set)
        admins = {}
        for spec in args.variant:
            name, rest = spec.split("=", 1)
            flags = []
            if "|" in rest:
                rest, fl = rest.split("|", 1)
                flags = fl.split()
            jar, main_class = (rest.split(":", 1) + [None])[:2] if ":" in rest else (rest, None)
            port, admin = free_port(), free_port()
            cfg = os.path.join(tmp, f"{name}.yml")
            balancer_config(cfg, port, admin, workers, h2c_ports, extra)
            cmd = [JAVA, *JVM_FLAGS, *flags]
            cmd += ["-cp", jar, main_class] if main_class else ["-jar", jar]
            # -Dlab.balancer.data-plane=X picks the data plane; the topology file names one too, and the
            # environment overrides a file.
            plane = [f.split("=", 1)[1] for f in flags if f.startswith("-Dlab.balancer.data-plane=")]
            p = procs.start(name, cmd + ["--config", cfg], env={"LAB_BALANCER_DATA_PLANE": plane[0]} if plane else None)
            wait_http(f"http://127.0.0.1:{port}/health")
            paths[name] = (f"http://127.0.0.1:{port}{args.path}", p.pid)
            admins[name] = f"http://127.0.0.1:{admin}"
        wait = {n: (u, pid) for n, (u, pid) in paths.items()}
        names = list(paths)
        all_pids = {"worker1": wprocs[0].pid, "worker2": wprocs[1].pid}
        for n, (u, pid) in paths.items():
            if pid:
                all_pids[n] = pid
        if args.hold:
            json.dump({"paths": {n: u for n, (u, _) in paths.items()}, "pids": all_pids, "admins": admins},
                      open(args.out, "w"))
            print(json.dumps({"paths": {n: u for n, (u, _) in paths.items()}, "pids": all_pids}), flush=True)
            time.sleep(args.hold)
            return
        # Warm-up: every path in every shape the rounds use, again and again until the JIT compilers of
        # the JVMs (workers and balancers; HAProxy has none) are quiet. A first pass of 10 s at 32
        # connections left them compiling through the first measured round (measured: the balancer's
        # C2 thread used 0.3 s of CPU in a second 10 s pass, 0.2 s during 256 connections, the workers'
        # 0.8 s), which put the compiler's bursts into round 0's percentiles.
        warmup_log = []
        jvms = {k: p for k, p in all_pids.items() if k != "haproxy"}
        for i in range(1, args.warmup_passes + 1):
            before = compiler_ms(jvms.values())
            t0 = time.time()
            for n in names:
                run_wrk(paths[n][0], 32, args.warmup, args.wrk_threads)
                run_wrk(paths[n][0], 256, max(1, args.warmup // 2), args.wrk_threads)
                run_wrk(paths[n][0], 1, max(1, args.warmup // 3), 1)
                run_hey(paths[n][0], WARMUP_RATE, 32, max(1, args.warmup // 3))
            used = compiler_ms(jvms.values()) - before
            quiet = used < args.quiet_jit_ms
            print(f"warm-up pass {i}: {time.time() - t0:.0f} s, JIT compiler threads used {used:.0f} ms of CPU"
                  f"{' (quiet)' if quiet else ''}", flush=True)
            warmup_log.append({"pass": i, "compiler_ms": round(used)})
            if quiet:
                break
        results = []
        conns = [int(c) for c in args.conns.split(",")]
        for r in range(args.rounds):
            order = names[r % len(names):] + names[:r % len(names)]
            for c in conns + [1]:
                for n in order:
                    url, pid = paths[n]
                    before = {k: cpu_seconds(p) for k, p in all_pids.items()}
                    sys_before = {k: cpu_seconds(p, True) for k, p in all_pids.items()}
                    t0 = time.time()
                    d = args.latency_duration if c == 1 else args.duration
                    perf = None
                    if args.perf and r == 0 and pid and c != 1:
                        os.makedirs(args.perf, exist_ok=True)
                        perf = subprocess.Popen(["perf", "record", "-q", "-F", "497", "-g", "-p", str(pid), "-o",
                                                 os.path.join(args.perf, f"{n}-c{c}.data"), "--", "sleep", str(d)],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    res = run_wrk(url, c, d, 1 if c == 1 else args.wrk_threads)
                    if perf:
                        perf.wait()
                    res["wall"] = time.time() - t0
                    after = {k: cpu_seconds(p) for k, p in all_pids.items()}
                    res["cpu"] = {k: after[k] - before[k] for k in before}
                    res["sys"] = {k: cpu_seconds(p, True) - sys_before[k] for k, p in all_pids.items()}
                    res.update(path=n, conns=c, round=r)
                    res.pop("raw") if res["requests"] else None
                    results.append(res)
                    per = ""
                    if res["requests"]:
                        own = res["cpu"].get(n, 0.0)
                        wk = res["cpu"]["worker1"] + res["cpu"]["worker2"]
                        osys = res["sys"].get(n, 0.0)
                        per = f" proxy {own / res['requests'] * 1e6:6.1f} us/req (sys {osys / res['requests'] * 1e6:5.1f}) workers {wk / res['requests'] * 1e6:6.1f} us/req"
                    print(f"round {r} c={c:4d} {n:10s} {res['rps']:9.0f} req/s p50 {res['p50']} p99 {res['p99']}"
                          f" non2xx {res['non2xx']} err '{res['errors']}'{per}", flush=True)
        # latency at half of the lower maximum (HAProxy's or our best plane's median at 32 connections)
        def med_rps(n):
            v = sorted(r["rps"] for r in results if r["path"] == n and r["conns"] == conns[0])
            return v[len(v) // 2] if v else 0
        ours = [n for n in names if n not in ("direct", "haproxy")]
        lower = min([med_rps("haproxy")] + [max(med_rps(n) for n in ours)]) if ours else med_rps("haproxy")
        rate = max(100, int(lower / 2))
        rate_results = []
        for r in range(args.rounds):
            order = names[r % len(names):] + names[:r % len(names)]
            for n in order:
                url, pid = paths[n]
                before = {k: cpu_seconds(p) for k, p in all_pids.items()}
                res = run_hey(url, rate, conns[0], args.rate_duration)
                after = {k: cpu_seconds(p) for k, p in all_pids.items()}
                res["cpu"] = {k: after[k] - before[k] for k in before}
                res.update(path=n, round=r, rate=rate)
                rate_results.append(res)
                print(f"round {r} rate={rate} {n:10s} {res['rps']:9.0f} req/s p50 {res['p50']:.3f} p99 {res['p99']:.3f}"
                      f" errors {res['errors']}", flush=True)
        rss = {k: rss_kib(p) for k, p in all_pids.items()}
        run = {"results": results, "rate_results": rate_results, "rate": rate, "rss_kib": rss,
               "paths": {n: u for n, (u, _) in paths.items()}, "started": started,
               "took_s": int(time.time() - t_start), "load_before": load_before, "load_after": os.getloadavg(),
               "machine": machine(), "command": " ".join(["python3", "scripts/bench-vs-haproxy.py"] + sys.argv[1:]),
               "conns": conns, "rounds": args.rounds, "duration": args.duration,
               "latency_duration": args.latency_duration, "rate_duration": args.rate_duration,
               "warmup": warmup_log, "h2c_listener": not args.h2c_on_http_port}
        json.dump(run, open(args.out, "w"), indent=1)
        summarize(results, names, conns)
        md = markdown(run, names)
        print(md)
        if args.write_doc:
            write_doc(args.write_doc, md)
    finally:
        procs.stop()
        print("logs in", tmp)


def run_hey(url, rate, conns, duration):
    """hey at a fixed rate (open loop as far as hey goes: each of `conns` workers sends at rate/conns)."""
    out = subprocess.run(["hey", "-z", f"{duration}s", "-c", str(conns), "-q", f"{rate / conns:.3f}", "-o", "csv", url],
                         capture_output=True, text=True, timeout=duration + 60).stdout
    times, errors = [], 0
    for row in csv.DictReader(io.StringIO(out)):
        try:
            if row.get("status-code") != "200":
                errors += 1
            times.append(float(row["response-time"]) * 1000)
        except (KeyError, ValueError):
            errors += 1
    times.sort()

    def pct(p):
        return times[min(len(times) - 1, int(len(times) * p / 100))] if times else float("nan")
    return {"requests": len(times), "rps": len(times) / duration, "p50": pct(50), "p99": pct(99), "errors": errors}


def machine():
    def first(cmd):
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
            return (r.stdout or r.stderr).strip().splitlines()[0]
        except Exception as e:
            return f"unknown ({e})"
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"cpus": os.cpu_count(), "model": model, "kernel": platform.release(),
            "haproxy": first(["haproxy", "-v"]), "wrk": first(["wrk", "-v"]), "java": first([JAVA, "-version"])}


BEGIN = "<!-- balancer against HAProxy: begin (written by scripts/bench-vs-haproxy.py; ./lab bench keeps it) -->"
END = "<!-- balancer against HAProxy: end -->"


def warmup_text(run):
    """The warm-up, in a sentence: its passes and what the JIT compilers used in each."""
    passes = run.get("warmup") or []
    if not passes:
        return ""
    used = ", ".join(f"{p['compiler_ms']:,}" for p in passes)
    return (f"Warm-up: every path at 32, 256 and 1 connection and at a fixed rate, {len(passes)} "
            f"pass{'es' if len(passes) > 1 else ''} until the JIT compilers of the JVMs were quiet (their threads "
            f"used {used} ms of CPU per pass). ")


def markdown(run, names):
    res, rate_res, conns = run["results"], run["rate_results"], run["conns"]
    rounds = sorted({r["round"] for r in res})

    def rows(n, c):
        return [r for r in res if r["path"] == n and r["conns"] == c and r["requests"]]

    def med(v):
        v = sorted(x for x in v if x is not None)
        return v[len(v) // 2] if v else float("nan")

    def ratio(n, c):
        out = []
        for rd in rounds:
            a = [r for r in res if r["path"] == n and r["conns"] == c and r["round"] == rd]
            b = [r for r in res if r["path"] == "haproxy" and r["conns"] == c and r["round"] == rd]
            if a and b and b[0]["rps"]:
                out.append(a[0]["rps"] / b[0]["rps"])
        return out

    def cpu(rs, who):
        return med([sum(r["cpu"].get(w, 0) for w in who) / r["requests"] * 1e6 for r in rs])

    m = run["machine"]
    lines = [BEGIN, "## The balancer against HAProxy (issue 13)", "",
             f"Run on {run['started']} with `{run['command']}` ({run['took_s']} s). Machine: {m['cpus']} CPUs "
             f"({m['model']}), Linux {m['kernel']}, {m['haproxy']}, {m['wrk']}, {m['java']}. Load average "
             f"(1 min) {run['load_before'][0]:.1f} before and {run['load_after'][0]:.1f} after: the machine is "
             "shared with other jobs, so requests/s move between rounds; CPU time per request moves much less.",
             "",
             f"Two async workers (one event loop each), the same two behind every proxy; `GET /work?io=0`. "
             + warmup_text(run) +
             f"{run['rounds']} rounds, paths interleaved, order rotating; wrk -t2 for {run['duration']} s at "
             f"{' and '.join(map(str, conns))} connections, wrk -t1 -c1 for {run['latency_duration']} s; "
             f"then hey at a fixed {run['rate']:,} req/s (half the lower of HAProxy's and the netty plane's "
             f"median at {conns[0]} connections), 32 connections, {run['rate_duration']} s per path. "
             "HAProxy: Debian's package, default threads, roundrobin, keep-alive and `http-reuse safe` to the "
             "workers (HTTP/1.1, on their HTTP port). The balancer: its defaults (vertx: one loop; netty: one loop "
             "per CPU, h2c to the async workers" + (", on their h2c listeners as the registry would give them"
                                                    if run.get("h2c_listener") else ", on their HTTP port (Vert.x's HTTP/2 server)")
             + "). Ratios are per round, in round order; CPU is the median over rounds of the process's "
             "user + system time divided by the requests answered.", "",
             "| path | req/s c=" + str(conns[0]) + " median (min-max) | ratio to HAProxy per round | req/s c="
             + str(conns[-1]) + " median (min-max) | ratio to HAProxy per round | proxy CPU us/req c=" + str(conns[0])
             + " / c=" + str(conns[-1]) + " | workers CPU us/req c=" + str(conns[0]) + " / c=" + str(conns[-1]) + " |",
             "|---|---|---|---|---|---|---|"]
    for n in names:
        cells = [n]
        for c in (conns[0], conns[-1]):
            v = [r["rps"] for r in rows(n, c)]
            cells.append(f"{med(v):,.0f} ({min(v):,.0f}-{max(v):,.0f})" if v else "-")
            rt = ratio(n, c)
            cells.append("-" if n in ("haproxy", "direct") or not rt
                         else f"**{med(rt):.2f}** ({', '.join(f'{x:.2f}' for x in rt)})")
        cells.append("-" if n == "direct" else
                     f"{cpu(rows(n, conns[0]), [n]):.1f} / {cpu(rows(n, conns[-1]), [n]):.1f}")
        cells.append(f"{cpu(rows(n, conns[0]), ['worker1', 'worker2']):.1f} / "
                     f"{cpu(rows(n, conns[-1]), ['worker1', 'worker2']):.1f}")
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Latency (ms; medians over rounds). Added = the path's minus direct's, same column.", "",
              f"| path | p50 / p99 at 1 connection | added p50 / p99 | p50 / p99 at {run['rate']:,} req/s "
              "| added p50 / p99 | achieved req/s | errors at the fixed rate |", "|---|---|---|---|---|---|---|"]
    d1 = rows("direct", 1)
    dr = [r for r in rate_res if r["path"] == "direct"]
    for n in names:
        r1 = rows(n, 1)
        rr = [r for r in rate_res if r["path"] == n]
        p50, p99 = med([r["p50"] for r in r1]), med([r["p99"] for r in r1])
        q50, q99 = med([r["p50"] for r in rr]), med([r["p99"] for r in rr])
        added1 = "-" if n == "direct" or not d1 else \
            f"{p50 - med([r['p50'] for r in d1]):+.3f} / {p99 - med([r['p99'] for r in d1]):+.2f}"
        addedr = "-" if n == "direct" or not dr else \
            f"{q50 - med([r['p50'] for r in dr]):+.3f} / {q99 - med([r['p99'] for r in dr]):+.2f}"
        lines.append(f"| {n} | {p50:.3f} / {p99:.2f} | {added1} | {q50:.3f} / {q99:.2f} | {addedr} | "
                     f"{med([r['rps'] for r in rr]):,.0f} | {sum(r['errors'] for r in rr)} |")
    lines += ["", END]
    return "\n".join(lines)


def write_doc(path, md):
    text = open(path).read() if os.path.exists(path) else ""
    a, b = text.find(BEGIN), text.find(END)
    if a >= 0 and b >= 0:
        text = text[:a] + md + text[b + len(END):]
    else:
        anchor = text.find("## How this run was made")
        text = text + "\n" + md + "\n" if anchor < 0 else text[:anchor] + md + "\n\n" + text[anchor:]
    open(path, "w").write(text)
    print("wrote", path)


def summarize(results, names, conns):
    def rng(vals):
        vals = [v for v in vals if v is not None]
        return (min(vals), sorted(vals)[len(vals) // 2], max(vals)) if vals else (0, 0, 0)

    print("\nsummary (min / median / max over rounds)")
    for c in conns + [1]:
        for n in names:
            rs = [r for r in results if r["conns"] == c and r["path"] == n]
            rps = rng([r["rps"] for r in rs])
            p50 = rng([r["p50"] for r in rs])
            p99 = rng([r["p99"] for r in rs])
            cpu = rng([r["cpu"].get(n, 0) / r["requests"] * 1e6 for r in rs if r["requests"]])
            print(f"c={c:4d} {n:10s} req/s {rps[0]:8.0f} {rps[1]:8.0f} {rps[2]:8.0f} | p50 {p50[1]:.3f} ms"
                  f" | p99 {p99[0]:.2f}-{p99[2]:.2f} ms | proxy cpu {cpu[1]:.1f} us/req")
        if "haproxy" in names:
            for n in names:
                if n in ("haproxy", "direct"):
                    continue
                ratios = []
                for r in sorted({x["round"] for x in results}):
                    a = [x for x in results if x["conns"] == c and x["path"] == n and x["round"] == r]
                    b = [x for x in results if x["conns"] == c and x["path"] == "haproxy" and x["round"] == r]
                    if a and b and b[0]["rps"]:
                        ratios.append(a[0]["rps"] / b[0]["rps"])
                if ratios and c != 1:
                    print(f"         {n}/haproxy per round: " + ", ".join(f"{x:.2f}" for x in ratios))


if __name__ == "__main__":
    main()
