"""The guided self-tests: plain instructions, the picture to show, and the answers each one gives."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SelfTest:
    slug: str
    name: str | Promise
    purpose: str | Promise
    steps: tuple[str | Promise, ...]
    # The engine input keys under `tests` this test fills (one per side where it has sides).
    keys: tuple[str, ...]
    # Knowledge-base figure slugs that show the test; the first one that exists is drawn. Each test
    # has its own entry in the knowledge base's self_tests.yaml, whose figure comes first.
    figures: tuple[str, ...] = ()
    # Endurance holds get a stopwatch that writes the seconds into the field.
    timed: bool = False
    caution: str | Promise = ""
    notes: tuple[str | Promise, ...] = field(default_factory=tuple)
    # Keys of the knowledge base's sources.yaml for how the test is done and read.
    sources: tuple[str, ...] = ()
    # The test can bring on nerve symptoms: each side may be recorded as "stopped by tingling or pain
    # down the leg", which the engine then hears as pins and needles rather than a measurement.
    nerve_stop: bool = False


SELF_TESTS: tuple[SelfTest, ...] = (
    SelfTest(
        slug="thomas_test",
        name=_("Hip flexor length (modified Thomas test)"),
        purpose=_("Checks whether the muscles at the front of the hip are short."),
        steps=(
            _("Sit on the very end of a sturdy table or bed. Lie back, hugging both knees to your chest."),
            _("Keep one knee hugged in. Let the other leg hang down over the edge, relaxed."),
            _(
                "Look, or ask someone to look: does the back of the hanging thigh rest on the table? "
                "Does the knee bend to about a right angle?"
            ),
            _("Swap legs and repeat."),
        ),
        keys=("thomas_left", "thomas_right"),
        sources=("harvey_thomas_test", "kendall_muscles_testing"),
        figures=("modified_thomas_test",),
        caution=_("Use a surface that will not tip. Skip it if lying back or hugging your knees hurts."),
    ),
    SelfTest(
        slug="ninety_ninety_test",
        name=_("Hamstring length (90/90 test)"),
        purpose=_("Checks whether the muscles at the back of the thigh are short."),
        steps=(
            _(
                "Lie on your back. Lift one thigh until it points straight up and hold it there with both hands."
            ),
            _("Slowly straighten that knee as far as it goes without forcing."),
            _(
                "Estimate how many degrees short of straight the knee stays: about 0 if it straightens fully, "
                "about 45 if it stays halfway, 90 if it stays at a right angle."
            ),
            _("Swap legs and repeat."),
        ),
        keys=("knee_extension_deficit_left_deg", "knee_extension_deficit_right_deg"),
        sources=("gajdosik_90_90",),
        figures=("ninety_ninety_test",),
        notes=(_("More than 20 degrees short of straight suggests short hamstrings."),),
        caution=_(
            "Stop at once if straightening the knee brings on tingling, numbness or pain down the leg: that "
            "can be an irritated nerve, not a short muscle. Do not measure that side; tick that you stopped."
        ),
        nerve_stop=True,
    ),
    SelfTest(
        slug="ober_test",
        name=_("Outer thigh length (Ober test)"),
        purpose=_("Checks whether the band along the outside of the thigh is tight."),
        steps=(
            _("Lie on your side, bottom knee bent for balance. A helper makes this much easier."),
            _(
                "Bend the top knee to a right angle, take the top leg slightly back in line with your body, "
                "then let it drop towards the bed."
            ),
            _("If the knee stays up in the air instead of dropping below level, the result is positive."),
            _("Turn over and test the other leg."),
        ),
        keys=("ober_left", "ober_right"),
        sources=("ober_test",),
        figures=("ober_test",),
    ),
    SelfTest(
        slug="wall_test",
        name=_("Low-back curve (wall test)"),
        purpose=_("Shows whether the curve of your low back is flat, usual or deep."),
        steps=(
            _("Stand with heels, buttocks, shoulder blades and the back of your head against a wall."),
            _("Slide a flat hand into the gap behind your low back."),
            _("No room for the hand: a flat curve. The hand fits snugly: usual. A fist fits: a deep curve."),
        ),
        keys=("wall_test",),
        sources=("kendall_muscles_testing",),
        figures=("wall_test",),
    ),
    SelfTest(
        slug="single_leg_stance",
        name=_("Hip side strength (single-leg stance)"),
        purpose=_("Checks whether the muscles at the side of the hip hold your pelvis level."),
        steps=(
            _("Stand in front of a mirror with a hand near a wall or chair for safety."),
            _("Lift one foot a little off the floor and stand on the other leg for 30 seconds."),
            _(
                "Watch your belt line: if the side of the lifted leg drops, the standing leg's hip muscles are "
                "weak (a positive result for that standing leg)."
            ),
            _("Swap legs and repeat."),
        ),
        keys=("trendelenburg_left", "trendelenburg_right"),
        sources=("trendelenburg_test",),
        figures=("single_leg_stance_test",),
        notes=(_("Record the result under the leg you were standing on."),),
    ),
    SelfTest(
        slug="plank",
        name=_("Front plank hold"),
        purpose=_("Measures how long your trunk muscles hold you straight."),
        steps=(
            _("Lie face down. Lift onto your forearms and toes so your body makes one straight line."),
            _("Start the stopwatch. Hold while you can keep the line without pain."),
            _("Stop when your hips sag or rise, or when it hurts. The seconds are your result."),
        ),
        keys=("plank_s",),
        sources=("strand_2014_plank",),
        figures=("prone_plank_test",),
        timed=True,
        caution=_("Stop at once if your back pain increases. A shorter time is still useful."),
    ),
    SelfTest(
        slug="side_bridge",
        name=_("Side bridge hold"),
        purpose=_("Measures the endurance of the muscles along each side of your trunk."),
        steps=(
            _("Lie on one side with legs straight, top foot in front of the bottom one."),
            _("Lift your hips onto your forearm and feet so your body is straight."),
            _("Time the hold until your hips drop. Rest two minutes, then test the other side."),
        ),
        keys=("side_bridge_left_s", "side_bridge_right_s"),
        sources=("mcgill_endurance",),
        figures=("side_bridge_test",),
        timed=True,
        notes=(_("Left means lying on your left side."),),
        caution=_("Stop at once if your back pain increases. A shorter time is still useful."),
    ),
    SelfTest(
        slug="extensor_endurance",
        name=_("Back muscle hold (Biering-Sørensen test)"),
        purpose=_("Measures the endurance of the muscles along your spine."),
        steps=(
            _("Lie face down on a bed with your hips at the edge and a helper holding your ankles."),
            _("Cross your arms on your chest and hold your upper body level, straight out from the bed."),
            _("Time the hold until you can no longer keep level."),
        ),
        keys=("extensor_s",),
        sources=("mcgill_endurance",),
        figures=("extensor_endurance_test",),
        timed=True,
        caution=_(
            "Needs a helper and a sturdy bed. Skip it if arching your back hurts or you have osteoporosis."
        ),
    ),
    SelfTest(
        slug="flexor_endurance",
        name=_("Tummy muscle hold (trunk flexor test)"),
        purpose=_("Measures the endurance of the muscles at the front of your trunk."),
        steps=(
            _("Sit with knees bent and feet flat, arms crossed on your chest."),
            _(
                "Lean back until your back is about 60 degrees from the floor (a helper can rest a hand or a "
                "wedge just behind you), then take the support away."
            ),
            _("Time the hold until you start to fall back."),
        ),
        keys=("flexor_s",),
        sources=("mcgill_endurance",),
        figures=("flexor_endurance_test",),
        timed=True,
        caution=_("Skip it if bending forward makes your pain worse."),
    ),
)
