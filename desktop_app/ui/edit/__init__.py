"""The left column and the job it runs: picture, prompt, ratio, Run, progress and the results."""
