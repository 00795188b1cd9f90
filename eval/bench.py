"""`make bench`: replay scripted conversations against the real stack over the REST channel.

Prints (a) one conversation at a time: p50/p95 per turn; (b) an open-loop load of 20 messages
per second spread over 200 conversations for 60 s: p50/p95/p99 and errors; (c) saturation
throughput with 20 conversations sending back to back; plus training time and Rasa's peak RSS.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import tempfile
import time
from pathlib import Path
from typing import List, Tuple

import aiohttp

from tests.stack import ROOT, running_stack

SCRIPTS = [
    ["hi", "1", "my husband hits me and takes all my money", "1", "2"],
    ["I was raped last week", "3", "2"],
    ["my parents are forcing me to marry a man I've never met", "ok", "2"],
    ["they took my passport and make me work for no pay", "3"],
    ["my ex keeps following me and turning up at my work", "1", "help", "3"],
    ["he's outside the door with a knife", "he has gone now", "2"],
    ["not sure what i need, i just feel scared at home", "1", "1"],
    ["my friend's husband hits her, what can i do", "2"],
    ["میرا شوہر مجھے مارتا ہے", "1"],
    ["আমার স্বামী আমাকে মারে", "2"],
    ["زوجي يضربني ويأخذ راتبي", "1"],
    ["mera shohar mujhe marta hai please help", "3"],
]


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def send(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> Tuple[float, bool]:
    started = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": text},
                                timeout=aiohttp.ClientTimeout(total=30)) as response:
            body = await response.json()
            ok = response.status == 200 and bool(body)
    except (aiohttp.ClientError, asyncio.TimeoutError):
        ok = False
    return (time.perf_counter() - started) * 1000, ok


async def one_at_a_time(url: str, rounds: int) -> List[float]:
    latencies = []
    async with aiohttp.ClientSession() as session:
        for round_number, script in itertools.product(range(rounds), SCRIPTS):
            sender = f"seq-{round_number}-{SCRIPTS.index(script)}"
            for text in script:
                latencies.append((await send(session, url, sender, text))[0])
    return latencies


async def open_loop(url: str, rate: float, conversations: int, seconds: float) -> Tuple[List[float], int]:
    """Send at a fixed rate whatever the server does (no coordinated omission)."""
    total = int(rate * seconds)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        start = time.perf_counter()
        tasks = []
        for i in range(total):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            conversation, turn = i % conversations, i // conversations
            script = SCRIPTS[conversation % len(SCRIPTS)]
            text = script[turn % len(script)]
            tasks.append(asyncio.create_task(send(session, url, f"open-{conversation}", text)))
        results = await asyncio.gather(*tasks)
    return [r[0] for r in results], sum(not r[1] for r in results)


async def saturation(url: str, workers: int, seconds: float) -> Tuple[int, float, int]:
    deadline = time.perf_counter() + seconds
    counts, errors = [0] * workers, [0] * workers

    async def worker(index: int, session: aiohttp.ClientSession) -> None:
        for turn in itertools.count():
            if time.perf_counter() >= deadline:
                return
            script = SCRIPTS[index % len(SCRIPTS)]
            _, ok = await send(session, url, f"sat-{index}-{turn // len(script)}",
                               script[turn % len(script)])
            counts[index] += 1
            errors[index] += not ok

    started = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(worker(i, session) for i in range(workers)))
    return sum(counts), time.perf_counter() - started, sum(errors)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="open-loop duration")
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--saturation-seconds", type=float, default=30.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as logs, running_stack(Path(logs)) as stack:
        url = f"{stack.rasa_url}/webhooks/rest/webhook"
        asyncio.run(one_at_a_time(url, 1))  # warm up
        sequential = asyncio.run(one_at_a_time(url, 3))
        print(f"(a) one conversation at a time: {len(sequential)} turns, "
              f"p50 {statistics.median(sequential):.1f} ms, p95 {percentile(sequential, .95):.1f} ms")
        latencies, errors = asyncio.run(open_loop(url, args.rate, args.conversations, args.seconds))
        print(f"(b) open loop {args.rate:g} msg/s over {args.conversations} conversations for "
              f"{args.seconds:g} s: {len(latencies)} messages, p50 {percentile(latencies, .5):.1f} ms,"
              f" p95 {percentile(latencies, .95):.1f} ms, p99 {percentile(latencies, .99):.1f} ms,"
              f" errors {errors}")
        done, elapsed, failed = asyncio.run(saturation(url, 20, args.saturation_seconds))
        print(f"(c) saturation, 20 conversations back to back: {done / elapsed:.1f} msg/s "
              f"({done} messages in {elapsed:.1f} s, errors {failed})")
        print(f"Rasa server peak RSS: {peak_rss_mb(stack.processes[-1].pid):.0f} MB")
    stats = ROOT / "models" / "training-stats.txt"
    print(f"training: {stats.read_text().strip() if stats.exists() else 'run make train to measure'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
