"""Questions over the demo corpus with the clause that answers them (from demo/FACTS.md)."""

# (question, document title, section expected among the cited passages)
DEMO_ASK_CASES: list[tuple[str, str, str]] = [
    ("Who reviews executed batch records?", "Orion Quality Agreement", "6.4"),
    ("Who certifies batches for release?", "Orion Quality Agreement", "6.5"),
    ("Who approves CAPAs?", "Orion Quality Agreement", "5.4"),
    ("Who investigates deviations?", "Orion Quality Agreement", "5.1"),
    ("Who investigates out-of-specification results?", "Orion Quality Agreement", "7.3"),
    ("Who approves the stability protocol?", "Orion Quality Agreement", "8.1"),
    ("Who decides on a recall?", "Orion Quality Agreement", "10.2"),
    ("Who compiles the annual product review?", "Orion Quality Agreement", "12.4"),
    ("Who hosts regulatory inspections?", "Orion Quality Agreement", "11.2"),
    ("Who supplies the primary reference standard?", "Orion Quality Agreement", "7.4"),
    ("Who approves artwork and label text?", "Orion Quality Agreement", "6.2"),
    ("Who pays for batches that fail due to negligence?", "Orion Master Supply Agreement",
     "10.1"),
    ("How often may Aldebaran audit the facility?", "Orion Master Supply Agreement", "12.1"),
    ("Which document prevails on quality matters?", "Orion Master Supply Agreement", "1.3"),
    ("Who must approve process changes that need a regulatory filing?",
     "Orion Master Supply Agreement", "9.2"),
    ("When must Vesta notify critical deviations?", "Orion Quality Agreement", "5.2"),
]

NOTHING_CASES = [
    "What is the capital of France?",
    "Who won the football world cup in 2014?",
    "What is a good recipe for banana bread?",
]
