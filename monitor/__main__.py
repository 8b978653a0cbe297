from monitor.cli import main

# Guarded: a process pool started with "spawn" imports this module again in
# each worker, under another name, and must not run the command there.
if __name__ == "__main__":
    main()
