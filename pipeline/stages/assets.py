"""The brief's media, checked and measured before any work: each photo opened (its size, salient points, the
product's keep-out region, its role), each clip probed and sampled once (cached by file), the logo opened, and
the AI label's text. A bad file fails here, naming the field, before a voice is spoken."""

from __future__ import annotations

from pathlib import Path

from pipeline.media.clips import is_clip, load_clip
from pipeline.media.images import guess_role, load_image, salient_points
from pipeline.media.regions import keep_out
from pipeline.model.brief import Brief
from pipeline.model.platform import platforms
from pipeline.stages.labeling import ai_label
from pipeline.stages.planning import PlanInputs


def resolve_assets(brief: Brief, base: Path, cache_dir: Path | None = None) -> PlanInputs:
    """Absolute media paths, each photo opened and each clip probed and sampled once now, so a bad file fails
    before any work (clip analyses are cached under cache_dir by file)."""
    images, sizes, points, roles, keeps, clips = [], [], [], [], [], []
    given = brief.product.image_roles
    for i, rel in enumerate(brief.product.images):
        p = (base / rel).resolve()
        field = f"product.images[{i}]"
        role = given[i] if i < len(given) else "auto"
        if is_clip(p):
            info = load_clip(p, field, cache_dir / "clips" if cache_dir else None)
            clips.append(info)
            sizes.append((info.width, info.height))
            points.append(())
            keeps.append(())
            roles.append("in-use" if role == "auto" else role)     # footage shows the product in use
        else:
            img = load_image(p, field)
            clips.append(None)
            sizes.append(img.size)
            points.append(salient_points(img))
            keeps.append(keep_out(img))
            roles.append(guess_role(rel, img) if role == "auto" else role)
        images.append(str(p))
    logo = None
    if brief.product.logo:
        p = (base / brief.product.logo).resolve()
        load_image(p, "product.logo")
        logo = str(p)
    return PlanInputs(images=tuple(images), logo=logo, ai_label=ai_label_text(brief), image_sizes=tuple(sizes),
                      salient=tuple(points), roles=tuple(roles), keep_out=tuple(keeps), clips=tuple(clips))


def ai_label_text(brief: Brief) -> str:
    """'AI生成' for Chinese or any Chinese platform; 'AI-generated' otherwise."""
    cn = any(platforms()[p].market == "cn" for p in brief.platforms or [])
    if brief.lang in ("zh", "ja"):
        return ai_label(brief.lang)
    return f"{ai_label('en')} · {ai_label('zh')}" if cn else ai_label("en")
