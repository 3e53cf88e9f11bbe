// Commands print to the process-wide Console, which some tests redirect to read what was printed: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
