-- B6: wrk GETs with the org key (BENCH_KEY); the path comes from the URL on the command line.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
