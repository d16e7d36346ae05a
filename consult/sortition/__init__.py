"""The stratified lottery: panels drawn to quotas (`selection`), solved in a child process
(`solver`). Plain data in and out: no Flask, no database."""
