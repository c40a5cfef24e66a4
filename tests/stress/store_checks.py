"""What both stress scripts check after their rounds: the SQLite file is sound and every R*Tree
(SpatiaLite's spatial indexes) agrees with its table."""
import sqlite3


def store_problems(db):
    """The problems found in the database file, empty when it is sound."""
    problems = []
    con = sqlite3.connect(db)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchall()
        if integrity != [("ok",)]:
            problems.append(f"integrity_check: {integrity[:3]}")
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL TABLE%rtree%'"):
            check = con.execute("SELECT rtreecheck(?)", (name,)).fetchone()[0]
            if check != "ok":
                problems.append(f"rtreecheck({name}): {check}")
    finally:
        con.close()
    return problems
