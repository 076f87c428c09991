"""Runs W copies of an ASGI server that has no workers option (Daphne) on ONE listening socket.

    python prefork.py --host 127.0.0.1 --port P --workers W -- daphne --fd {fd} proj.asgi:application

The socket is bound and listening here; every child inherits it and accepts on it (as gunicorn's
prefork workers do), so W processes share one port with no proxy in front. This is how Daphne
scales in practice too (a process manager such as supervisor or circus handing each process the
same socket). SIGTERM or SIGINT is passed on to every child; when any child exits, the rest are
stopped and this exits with its code. The children stay in this process group, so the harness's
group kill reaches them all.
"""
import argparse
import signal
import socket
import subprocess
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command or args.workers < 1:
        ap.error("give --workers >= 1 and a command after --, with {fd} where the socket's descriptor goes")

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(2048)
    sock.set_inheritable(True)
    fd = sock.fileno()
    argv = [a.replace("{fd}", str(fd)) for a in command]
    children = [subprocess.Popen(argv, pass_fds=(fd,)) for _ in range(args.workers)]

    stopping = False

    def stop(signum, _frame) -> None:  # noqa: ANN001
        nonlocal stopping
        stopping = True
        for c in children:
            if c.poll() is None:
                c.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while True:
        done = [c for c in children if c.poll() is not None]
        if done:
            if not stopping:
                print(f"prefork: worker {done[0].pid} exited with {done[0].returncode}; stopping the others", file=sys.stderr, flush=True)
                stop(signal.SIGTERM, None)
            for c in children:
                c.wait()
            return 0 if stopping else (done[0].returncode or 1)
        time.sleep(0.1)


if __name__ == "__main__":
    sys.exit(main())
