"""The canonical ids of ../shared/contract/ids.md as tuples: the one list the engine, the knowledge
base check and the forms share. Ids may be added here; none may be renamed or removed."""

from __future__ import annotations

from .knowledge import model

RED_FLAGS: tuple[str, ...] = (
    "saddle_numbness",
    "bladder_dysfunction",
    "bowel_incontinence",
    "sexual_dysfunction",
    "bilateral_leg_symptoms",
    "progressive_weakness",
    "fever",
    "immunosuppressed",
    "iv_drug_use",
    "recent_infection",
    "cancer_history",
    "weight_loss",
    "night_pain",
    "major_trauma",
    "minor_trauma_osteoporosis",
    "structural_deformity",
    "inflammatory_pattern",
    "thoracic_pain",
    "unwell",
)

# The four signs of possible cauda equina syndrome: any one of them is an emergency.
CAUDA_EQUINA_FLAGS: tuple[str, ...] = (
    "saddle_numbness",
    "bladder_dysfunction",
    "bowel_incontinence",
    "sexual_dysfunction",
)
# Flags that are emergencies on their own (contract rule 1, engine 1.1): the cauda equina signs and
# symptoms in both legs, which the suspected cauda equina pathway includes (bass_ces, girft_spinal).
EMERGENCY_FLAGS: tuple[str, ...] = (*CAUDA_EQUINA_FLAGS, "bilateral_leg_symptoms")

CONDITIONS: tuple[str, ...] = (
    "glaucoma",
    "retinal_detachment",
    "conjunctivitis",
    "hypertension",
    "heart_disease",
    "carotid_stenosis",
    "stroke_or_tia",
    "hiatal_hernia",
    "ventral_hernia",
    "osteoporosis",
    "recent_fracture",
    "spinal_injury",
    "recent_surgery",
    "skeletal_implants",
    "anticoagulants",
    "ear_infection",
    "severe_obesity",
    "diabetes",
    "joint_replacement_hip",
    "joint_replacement_knee",
    "disc_herniation_diagnosed",
    "spinal_stenosis_diagnosed",
)

# Conditions of the knowledge base that a person does not tick from the list but that the engine
# derives from the input (profile.pregnant): exercises may list them among their contraindications.
DERIVED_CONDITIONS: tuple[str, ...] = ("pregnancy",)

# Conditions that rule out inversion (reference: clinical-evidence.md, inversion section). A hip or
# knee replacement is a skeletal implant, so it rules inversion out too.
INVERSION_CONTRAINDICATIONS: tuple[str, ...] = tuple(
    condition
    for condition in CONDITIONS
    # A diagnosed disc herniation or stenosis is the reason some people try traction, not a bar to it.
    if condition not in ("disc_herniation_diagnosed", "spinal_stenosis_diagnosed")
)

# What a condition can rule out (conditions.yaml `contraindicates`).
CONTRAINDICATION_TAGS: tuple[str, ...] = (
    "inversion",
    "loaded_flexion",
    "end_range_extension",
    "abdominal_pressure",
    "deep_pressure",
    "deep_hip_flexion",
    "hip_adduction_rotation",
    "kneeling",
    "prone_lying",
)

EQUIPMENT: tuple[str, ...] = (
    "mat",
    "ball",
    "foam_roller",
    "band",
    "chair",
    "wall",
    "step",
    "inversion_table",
)

REGIONS: tuple[str, ...] = (
    "lumbar_central",
    "lumbar_left",
    "lumbar_right",
    "sacrum",
    "coccyx",
    "sij_left",
    "sij_right",
    "buttock_left",
    "buttock_right",
    "hip_lateral_left",
    "hip_lateral_right",
    "groin_left",
    "groin_right",
    "abdomen_lower",
    "thigh_posterior_left",
    "thigh_posterior_right",
    "thigh_lateral_left",
    "thigh_lateral_right",
    "thigh_anterior_left",
    "thigh_anterior_right",
    "calf_left",
    "calf_right",
    "shin_left",
    "shin_right",
    "foot_left",
    "foot_right",
    "thoracic",
    "neck",
    "shoulder_left",
    "shoulder_right",
)

WORSE_WITH: tuple[str, ...] = (
    "sitting",
    "bending_forward",
    "lifting",
    "standing",
    "walking",
    "arching_back",
    "lying_down",
    "twisting",
    "coughing",
)

# Aggravating activities that point to a flexion- or extension-sensitive back (ids.md).
FLEXION_AGGRAVATORS: tuple[str, ...] = ("sitting", "bending_forward", "lifting")
EXTENSION_AGGRAVATORS: tuple[str, ...] = ("standing", "walking", "arching_back")

FINDINGS: tuple[str, ...] = (
    "anterior_pelvic_tilt",
    "posterior_pelvic_tilt",
    "sway_back",
    "lateral_pelvic_tilt",
    "rounded_shoulders",
    "forward_head",
    "hip_flexor_tightness",
    "hamstring_tightness",
    "itb_tightness",
    "hip_abductor_weakness",
    "core_endurance_deficit",
    "side_endurance_asymmetry",
    "flexion_sensitivity",
    "extension_sensitivity",
)

MUSCLES: tuple[str, ...] = (
    "iliopsoas",
    "rectus_femoris",
    "tensor_fasciae_latae",
    "hamstrings",
    "adductors",
    "gluteus_maximus",
    "gluteus_medius",
    "gluteus_minimus",
    "piriformis",
    "quadratus_lumborum",
    "erector_spinae",
    "multifidus",
    "iliocostalis_lumborum",
    "longissimus_thoracis",
    "rectus_abdominis",
    "external_obliques",
    "internal_obliques",
    "transversus_abdominis",
    "latissimus_dorsi",
    "pectoralis_major",
    "pectoralis_minor",
    "upper_trapezius",
    "levator_scapulae",
    "middle_trapezius",
    "lower_trapezius",
    "rhomboids",
    "thoracic_extensors",
    "deep_neck_flexors",
    "suboccipitals",
    "calves",
)

# Muscles a finding can call tight / weak (kb-decisions.md); the knowledge base must serve each.
TIGHTABLE_MUSCLES: tuple[str, ...] = (
    "iliopsoas",
    "rectus_femoris",
    "erector_spinae",
    "hamstrings",
    "rectus_abdominis",
    "internal_obliques",
    "quadratus_lumborum",
    "pectoralis_major",
    "pectoralis_minor",
    "upper_trapezius",
    "levator_scapulae",
    "suboccipitals",
    "tensor_fasciae_latae",
)
WEAKABLE_MUSCLES: tuple[str, ...] = (
    "rectus_abdominis",
    "external_obliques",
    "internal_obliques",
    "gluteus_maximus",
    "gluteus_medius",
    "gluteus_minimus",
    "iliopsoas",
    "erector_spinae",
    "multifidus",
    "thoracic_extensors",
    "transversus_abdominis",
    "quadratus_lumborum",
    "middle_trapezius",
    "lower_trapezius",
    "rhomboids",
    "deep_neck_flexors",
)

# Muscles of the trigger-point referral table, each with a routine `tp_<muscle>`.
TRIGGER_POINT_MUSCLES: tuple[str, ...] = (
    "quadratus_lumborum",
    "iliopsoas",
    "gluteus_medius",
    "gluteus_minimus",
    "gluteus_maximus",
    "piriformis",
    "multifidus",
    "iliocostalis_lumborum",
    "longissimus_thoracis",
    "rectus_abdominis",
)

# Item kinds and spinal directions are the knowledge model's own literal types.
KINDS: tuple[str, ...] = model.KINDS
DIRECTIONS: tuple[str, ...] = model.DIRECTIONS

TEST_KEYS: tuple[str, ...] = (
    "thomas_left",
    "thomas_right",
    "knee_extension_deficit_left_deg",
    "knee_extension_deficit_right_deg",
    "ober_left",
    "ober_right",
    "trendelenburg_left",
    "trendelenburg_right",
    "wall_test",
    "plank_s",
    "side_bridge_left_s",
    "side_bridge_right_s",
    "extensor_s",
    "flexor_s",
)

POSTURE_KEYS: tuple[str, ...] = (
    "pelvic_tilt",
    "pelvic_obliquity_deg",
    "shoulder_obliquity_deg",
    "head_forward_deg",
    "trunk_lean_deg",
    "pelvis_forward",
    "rounded_shoulders",
)

# Muscles the program neither stretches nor strengthens in pregnancy: the long tummy muscle lengthens
# and may separate to make room for the baby (acog_804_2020, mottola_2018_pregnancy).
PREGNANCY_LEFT_ALONE: tuple[str, ...] = ("rectus_abdominis",)
# Where an item is done (contract ids.md, engine 1.1).
POSITIONS: tuple[str, ...] = model.POSITIONS
# Abdominal trigger-point pressure (rules 10 and 12): near the bowel and the great vessels.
ABDOMINAL_TRIGGER_POINT_MUSCLES: tuple[str, ...] = ("rectus_abdominis", "iliopsoas")
# Regions of the leg: a trigger-point target is never chosen from these alone when a nerve may be
# irritated (rule 11), since leg symptoms may then be neural rather than referred muscle pain.
LEG_REGIONS: tuple[str, ...] = tuple(
    r for r in REGIONS if r.startswith(("thigh_", "calf_", "shin_", "foot_"))
)

PHASES: tuple[str, ...] = ("calm_and_release", "rebalance", "strengthen_and_maintain")

LESSON_TOPICS: tuple[str, ...] = (
    "back_pain_basics",
    "staying_active",
    "muscle_imbalances",
    "combined_treatment",
    "exercise_evidence",
    "trigger_points",
    "inversion",
    "flare_management",
    "sleep_sitting_lifting",
    "fear_of_movement",
    "positive_attitude",
    "when_to_see_a_doctor",
    "pain_worry",
    "stretching_basics",
    "pregnancy",
)
