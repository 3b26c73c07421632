"""The child side of the sandbox: code that runs only in the zygote and in the program processes it forks."""
