"""The fictional people of the demo cohort.

Each persona carries a few facts that every step's demo answers draw on, so one person's
answers hang together across steps (someone who has not asked for feedback yet has no
feedback items in step 02, and their plan says so). All names and stories are invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SESSION_DAY = date(2026, 11, 20)
"""The day the demo cohort met; demo dates are counted from it."""


@dataclass(frozen=True)
class Persona:
    """One fictional participant and the facts that shape their answers."""

    key: str
    name: str
    email: str
    situation: str  # an option value of the `situation` exercise
    how_long_ago: str
    role: str
    temperament: str  # raw | angry | steady | hopeful | anxious
    feedback_stage: str  # not_asked | asked | received
    leaning: str  # go_again | redirect | prepare_to_leave | look_now
    story: str  # one private line in their own words


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "amara",
        "Amara Okafor",
        "amara.okafor@example.org",
        "internal_promotion",
        "this_week",
        "Engineering team lead",
        "raw",
        "not_asked",
        "go_again",
        "I trained the person who got the job.",
    ),
    Persona(
        "bilal",
        "Bilal Haddad",
        "bilal.haddad@example.org",
        "external_job",
        "this_month",
        "Senior product designer at a fintech",
        "anxious",
        "asked",
        "look_now",
        "Fourth final round this year. I keep coming second.",
    ),
    Persona(
        "chen",
        "Chen Wei",
        "chen.wei@example.org",
        "internal_move",
        "one_to_three_months",
        "Analytics manager in the risk team",
        "steady",
        "received",
        "redirect",
        "They said I was strong but the timing was wrong.",
    ),
    Persona(
        "dolores",
        "Dolores Martín",
        "dolores.martin@example.org",
        "internal_promotion",
        "three_to_twelve_months",
        "Head of customer operations",
        "angry",
        "received",
        "prepare_to_leave",
        "The decision was made before the interviews started.",
    ),
    Persona(
        "emeka",
        "Emeka Nwosu",
        "emeka.nwosu@example.org",
        "external_job",
        "this_week",
        "Data engineer at a logistics company",
        "hopeful",
        "not_asked",
        "look_now",
        "I really wanted this one. Their mission matters to me.",
    ),
    Persona(
        "freya",
        "Freya Lindqvist",
        "freya.lindqvist@example.org",
        "internal_promotion",
        "this_month",
        "Principal nurse educator",
        "raw",
        "asked",
        "go_again",
        "My manager told me in a corridor.",
    ),
    Persona(
        "gabriel",
        "Gabriel Souza",
        "gabriel.souza@example.org",
        "other",
        "one_to_three_months",
        "Graduate scheme place",
        "anxious",
        "not_asked",
        "redirect",
        "Rejected from the leadership programme after the assessment day.",
    ),
    Persona(
        "hana",
        "Hana Kobayashi",
        "hana.kobayashi@example.org",
        "internal_move",
        "this_week",
        "Product owner in the payments squad",
        "steady",
        "received",
        "go_again",
        "The panel liked me but wanted more stakeholder experience.",
    ),
    Persona(
        "idris",
        "Idris Rahman",
        "idris.rahman@example.org",
        "external_job",
        "three_to_twelve_months",
        "Operations director at a charity",
        "angry",
        "asked",
        "prepare_to_leave",
        "A form email after five interviews.",
    ),
    Persona(
        "julia",
        "Julia Novak",
        "julia.novak@example.org",
        "internal_promotion",
        "one_to_three_months",
        "Senior account manager",
        "hopeful",
        "received",
        "go_again",
        "Second time passed over, but the feedback was fair.",
    ),
    Persona(
        "kwame",
        "Kwame Mensah",
        "kwame.mensah@example.org",
        "external_job",
        "over_a_year",
        "Secondary school deputy head",
        "steady",
        "received",
        "redirect",
        "I still think about it, more than I admit.",
    ),
    Persona(
        "lucia",
        "Lucía Fernández",
        "lucia.fernandez@example.org",
        "internal_promotion",
        "this_week",
        "Finance business partner",
        "anxious",
        "not_asked",
        "look_now",
        "Everyone knew before I did.",
    ),
    Persona(
        "mateo",
        "Mateo Rossi",
        "mateo.rossi@example.org",
        "internal_move",
        "this_month",
        "UX research lead",
        "raw",
        "asked",
        "redirect",
        "I am not sure I even wanted it; I wanted out of my team.",
    ),
    Persona(
        "nadia",
        "Nadia Petrova",
        "nadia.petrova@example.org",
        "external_job",
        "one_to_three_months",
        "Machine learning engineer at a start-up",
        "hopeful",
        "received",
        "look_now",
        "They loved the take-home task and then went quiet.",
    ),
)
