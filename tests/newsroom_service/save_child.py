"""A child process that saves through ContentHistory, for the kill -9 tests.

    save_child.py CONTENT PATH pause PHASE     one save that stops at PHASE (prints PAUSED, then sleeps)
    save_child.py CONTENT PATH loop            saves version 1, 2, 3... until killed (prints each base first)
"""
import sys
import time

from newsroom.content_history import ContentHistory


def version(n: int) -> bytes:
    """Version n of the file: big enough that writing it takes a while, every byte tied to n."""
    line = f"หัวข้อ: ฉบับที่ {n}\n".encode()
    return line * (200_000 // len(line))


def main():
    content, path, mode = sys.argv[1:4]
    if mode == "pause":
        phase = sys.argv[4]

        def checkpoint(at):
            if at == phase:
                print("PAUSED", flush=True)
                time.sleep(600)
        history = ContentHistory(content, checkpoint=checkpoint)
        history.save(path, version(int(sys.argv[5])), history.disk_blob(path), "child.writer", "บันทึกจากลูก")
        print("DONE", flush=True)
    else:
        history = ContentHistory(content)
        n = int(sys.argv[4])
        while True:
            print(f"SAVING {n}", flush=True)
            history.save(path, version(n), history.disk_blob(path), "child.writer", f"บันทึกฉบับที่ {n}")
            n += 1


if __name__ == "__main__":
    main()
