"""The fictional people of the demo cohort.

Each persona carries a few facts that every step's demo answers draw on, so one person's
answers hang together across steps and show the method working: someone who heard this week
has not decided yet, a plan's skill actions come from that person's own feedback, people
turned down elsewhere talk to a mentor rather than a manager, and a layoff and a decision
still open follow their own shorter paths. All names and stories are invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kit.core.content import load_content
from kit.workbook.situation import Situation

SESSION_DAY = date(2026, 11, 20)
"""The day the demo cohort met; demo dates are counted from it."""

SHAPES = {
    "apply_elsewhere": "look_now",
    "apply_there_again": "go_again",
    "stay_and_grow": "redirect",
    "rethink_target": "redirect",
}
"""For answers shaped by where a person leans: the option of a no from one's own organisation
that an option after a no from elsewhere resembles."""


@dataclass(frozen=True)
class FeedbackPoint:
    """One piece of feedback a persona heard, sorted, with what they will do about it.

    ``how`` is the way a gap will be closed in the plan (an option of the skill plan)."""

    text: str
    category: str | None
    gap_kind: str | None = None
    onet_skill: str | None = None
    action: str = ""
    workaround: str = ""
    how: str | None = None


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
    feedback_stage: str  # not_asked | asked | no_feedback | received
    leaning: str  # the decision option their answers lean to, on their path
    story: str  # one private line in their own words
    stage: str | None = None  # how far an application elsewhere got
    manager_knows: str | None = None  # whether their manager knows about it
    met: bool = False  # had the step 04 conversation (manager or mentor)
    feedback: tuple[FeedbackPoint, ...] = field(default=(), repr=False)

    @property
    def path(self) -> Situation:
        return Situation(
            self.situation, self.stage, self.manager_knows, self.how_long_ago, answered=True
        )

    @property
    def shape(self) -> str:
        """The leaning as one of the four options of a no from one's own organisation."""
        return SHAPES.get(self.leaning, self.leaning)

    @property
    def heard_feedback(self) -> bool:
        return self.feedback_stage in ("received", "no_feedback")

    def offered(self, exercise_id: str, option_list: str, wanted: list[str]) -> list[str]:
        """``wanted`` without anything this persona's path is not offered."""
        exercise = load_content().exercise(exercise_id).for_path(self.path.tags)
        allowed = set(exercise.option_values(option_list))
        return [value for value in wanted if value in allowed]

    def sees(self, exercise_id: str) -> bool:
        """Whether the exercise applies on this persona's path (a hidden one gets no answer)."""
        return not load_content().exercise(exercise_id).for_path(self.path.tags).hidden

    @property
    def decision(self) -> str | None:
        """What they decided: nothing on a path with no decision, "not yet" for this week's
        news, else where they lean."""
        if self.situation in ("laid_off", "still_open") or self.key == "gabriel":
            return None
        if self.how_long_ago == "this_week":
            return "not_yet"
        return "own" if self.key == "kwame" else self.leaning


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
        "apply_elsewhere",
        "Fourth final round this year. I keep coming second.",
        stage="final_round",
        manager_knows="no",
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
        met=True,
        feedback=(
            FeedbackPoint("Sharp, well-structured analysis", "strength"),
            FeedbackPoint("Trusted by the risk committee", "strength"),
            FeedbackPoint(
                "Has not led a team through a restructure",
                "gap",
                "experience",
                "2.B.5.d",
                "Ask to co-lead the Q2 team changes with my manager",
                how="project",
            ),
            FeedbackPoint(
                "Presents detail before the headline",
                "gap",
                "skill",
                "2.A.1.d",
                "Practise one-page summaries with a mentor each month",
                how="mentor",
            ),
            FeedbackPoint(
                "Quiet in large meetings",
                "trait",
                workaround="Send my view in writing before big meetings",
            ),
        ),
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
        met=True,
        feedback=(
            FeedbackPoint("Customers and the team rate her highly", "strength"),
            FeedbackPoint(
                "Limited experience managing a budget over a million",
                "gap",
                "experience",
                "2.B.5.b",
                "Shadow finance through the annual budget round",
                how="rotation",
            ),
            FeedbackPoint(
                "Seen as resistant to the new operating model",
                "gap",
                "skill",
                "2.B.1.c",
                "Write up two improvements to the model and pitch them",
                how="project",
            ),
            FeedbackPoint(
                "Direct, sometimes blunt",
                "trait",
                workaround="Ask a trusted peer to read sensitive emails first",
            ),
        ),
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
        "apply_elsewhere",
        "I really wanted this one. Their mission matters to me.",
        stage="first_interview",
        manager_knows="no",
    ),
    Persona(
        "freya",
        "Freya Lindqvist",
        "freya.lindqvist@example.org",
        "still_open",
        "this_month",
        "Principal nurse educator",
        "raw",
        "not_asked",
        "go_again",
        "The panel was on Monday. They said I would hear within two weeks.",
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
        "this_month",
        "Product owner in the payments squad",
        "steady",
        "received",
        "go_again",
        "The panel liked me but wanted more stakeholder experience.",
        met=True,
        feedback=(
            FeedbackPoint("Clear product thinking", "strength"),
            FeedbackPoint("Calm under pressure in the panel", "strength"),
            FeedbackPoint(
                "Needs more experience with senior stakeholders",
                "gap",
                "experience",
                "2.B.1.d",
                "Run the quarterly review with the payments director",
                how="project",
            ),
            FeedbackPoint("Roadmap trade-offs not explained", None),
        ),
    ),
    Persona(
        "idris",
        "Idris Rahman",
        "idris.rahman@example.org",
        "external_job",
        "three_to_twelve_months",
        "Operations director at a charity",
        "angry",
        "no_feedback",
        "apply_elsewhere",
        "A form email after five interviews.",
        stage="final_round",
        manager_knows="no_manager",
        met=True,
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
        met=True,
        feedback=(
            FeedbackPoint("Best client retention in the team", "strength"),
            FeedbackPoint("Mentors new account managers well", "strength"),
            FeedbackPoint(
                "Commercial forecasting not yet strong enough",
                "gap",
                "skill",
                "2.A.1.e",
                "Take the internal forecasting course and own next quarter's forecast",
                how="course",
            ),
            FeedbackPoint(
                "Prefers doing the work to delegating it",
                "trait",
                workaround="Hand one client review a month to a junior colleague",
            ),
        ),
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
        "rethink_target",
        "I still think about it, more than I admit.",
        stage="final_round",
        manager_knows="no",
        met=True,
        feedback=(
            FeedbackPoint("Strong relationships with students and parents", "strength"),
            FeedbackPoint(
                "Whole-school timetabling experience missing",
                "gap",
                "experience",
                "2.B.5.a",
                "Volunteer for the timetabling working group",
                how="project",
            ),
            FeedbackPoint(
                "Data-led school improvement",
                "gap",
                "skill",
                "2.B.4.h",
                "A short course on school data, then lead one department review",
                how="course",
            ),
        ),
    ),
    Persona(
        "lucia",
        "Lucía Fernández",
        "lucia.fernandez@example.org",
        "laid_off",
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
        "apply_there_again",
        "They loved the take-home task and then went quiet.",
        stage="final_round",
        manager_knows="no",
        feedback=(
            FeedbackPoint("Excellent take-home task", "strength"),
            FeedbackPoint(
                "Production experience at scale is thin",
                "gap",
                "experience",
                "2.B.3.g",
                "Ship a monitored model in an open-source project",
                how="project",
            ),
            FeedbackPoint(
                "System design interview was rushed",
                "gap",
                "skill",
                "2.B.4.g",
                "Weekly mock system design interviews with a peer",
                how="interview_practice",
            ),
            FeedbackPoint(
                "Talks fast when nervous",
                "trait",
                workaround="Pause and restate the question before answering",
            ),
        ),
    ),
)
