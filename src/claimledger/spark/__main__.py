"""The claimledger command as a file for spark-submit, which runs files:

    spark-submit --master yarn ... "$(python -c 'import claimledger.spark.__main__ as m; print(m.__file__)')" \\
        extract s3a://bucket/news/ --engine spark -o s3a://bucket/claims-out

(`python -m claimledger.spark ...` is the same command, for local runs.)
"""
from claimledger.cli import cli

if __name__ == "__main__":
    cli(prog_name="claimledger")
