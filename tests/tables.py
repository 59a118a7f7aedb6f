"""Reading the tables commands print for people, so a test compares cells, not substrings of the screen."""


def table_rows(stdout: str) -> list[list[str]]:
    """The body rows of a rich table as lists of stripped cells (a cell wrapped onto a second line is a row of its
    own there, with blank cells beside it)."""
    return [[cell.strip() for cell in line.strip().strip("│").split("│")] for line in stdout.splitlines()
            if line.startswith("│")]
