"""The `zygj` script and `python -m zygj`."""

import gc


def run() -> None:
    # A short-lived process (see zygj.cli.main.main): the cyclic collector is off from the
    # start, so it does not sweep the freshly imported stack again and again either
    # (about 5 ms of an everyday query) to free nothing.
    gc.disable()
    from zygj.cli.main import main

    main()


if __name__ == "__main__":
    run()
