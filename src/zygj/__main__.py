from zygj.cli import main

main()
