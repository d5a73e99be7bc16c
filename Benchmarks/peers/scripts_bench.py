"""A Tokyo-like poster beside the Latin one: osm-liberty over central Helsinki at 2400x3600, once as mapped
and once with every name label turned into Japanese text of the same length (kanji and kana set in the
installed Noto Sans CJK faces), one `cartopress render` process per render, alternating, medians of wall
time, CPU time and peak RSS, and their ratios (issue 24: the Japanese poster within 1.5x of the Latin one).

    Benchmarks/peers/run.sh --scripts [--runs 9]

The bundled tiles carry Finnish and Swedish names only, so the Japanese labels are made by the style: each
name label's `text-field` becomes a slice of a passage of Japanese place names, as long as the name it
replaces, at an offset that follows the name's length — as many labels, as long, in the same places.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile

import bench
import prepare

# Place names of Tokyo, strung together: the labels are slices of it.
JAPANESE = (
    "東京都千代田区丸の内一丁目新宿駅西口渋谷区道玄坂二丁目池袋サンシャイン通り銀座四丁目交差点浅草寺雷門上野恩賜公園"
    "秋葉原電気街品川駅港南口六本木ヒルズ表参道原宿竹下通り日本橋室町神田須田町築地場外市場月島もんじゃストリート両国国技館"
    "錦糸町駅前押上スカイツリー前中野ブロードウェイ高円寺駅北口吉祥寺井の頭公園三鷹の森お台場海浜公園豊洲市場勝どき駅晴海通り"
    "有楽町駅前日比谷公園霞が関官庁街赤坂見附永田町国会議事堂前四谷三丁目市ヶ谷駅飯田橋駅神楽坂通り早稲田大学前高田馬場駅目白通り"
)


def reads_names(value) -> bool:
    """Whether a text-field reads a name (`name`, `name:xx`, `name_xx`), as a token or an expression."""
    if isinstance(value, str):
        return "{name" in value
    if isinstance(value, list):
        if len(value) == 2 and value[0] == "get" and isinstance(value[1], str) and value[1].startswith("name"):
            return True
        return any(reads_names(item) for item in value)
    if isinstance(value, dict):
        return any(reads_names(item) for item in value.values())
    return False


def japanese(style: dict) -> dict:
    """STYLE with its name labels in Japanese of the same length (at most 24 characters)."""
    name = ["coalesce", ["get", "name:latin"], ["get", "name"], ""]
    length = ["min", ["length", name], 24]
    start = ["%", ["*", ["length", name], 37], len(JAPANESE) - 24]
    field = ["slice", JAPANESE, start, ["+", start, length]]
    for layer in style["layers"]:
        layout = layer.get("layout", {})
        if layer["type"] == "symbol" and reads_names(layout.get("text-field")):
            layout["text-field"] = field
    return style


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cartopress", default=os.path.join(prepare.REPO, ".build", "release", "cartopress"))
    parser.add_argument("--work", default=os.path.join(prepare.HERE, "work"))
    args = parser.parse_args(argv)
    prepare.copy_sprites(args.work)
    workload = bench.WORKLOADS["osm-liberty"]
    styles = os.path.join(args.work, "styles")
    os.makedirs(styles, exist_ok=True)
    latin = prepare.style_for(workload.style, workload.tileset, "poster", args.work, True)
    paths = {"latin": os.path.join(styles, "scripts-latin.json"), "japanese": os.path.join(styles, "scripts-japanese.json")}
    with open(paths["latin"], "w") as f:
        json.dump(latin, f)
    with open(paths["japanese"], "w") as f:
        json.dump(japanese(json.loads(json.dumps(latin))), f, ensure_ascii=False)
    out = tempfile.mkdtemp(prefix="cartopress-scripts-")
    commands = {}
    for name, path in paths.items():
        commands[name] = [args.cartopress, "render", "--style", path, "--tiles", os.path.join(prepare.REPO, prepare.TILESETS[workload.tileset]),
                          "--lat", str(workload.lat), "--lng", str(workload.lng), "--zoom", str(workload.zoom),
                          "--width", str(workload.width), "--height", str(workload.height), "--pixel-ratio", "1",
                          "--margin", "0", "--backdrop", "subtle", "-o", os.path.join(out, f"{name}.png")]
    env = dict(os.environ)
    samples: dict[str, list[bench.Sample]] = {name: [] for name in commands}
    for name, command in commands.items():
        bench.measure(command, env)  # warm-up: the page cache, fontconfig's cache
    for _ in range(args.runs):
        for name, command in commands.items():
            samples[name].append(bench.measure(command, env))
    print(f"scripts: {args.runs} runs each after a warm-up, alternating; osm-liberty, 2400x3600, central Helsinki; pictures in {out}")
    print(f"{'labels':<10} {'wall s median [min-max]':<26} {'CPU s':<8} {'peak RSS MB':<12}")
    described = {name: bench.describe(s) for name, s in samples.items()}
    for name, d in described.items():
        print(f"{name:<10} {d['wall']:.2f} [{d['wall_min']:.2f}-{d['wall_max']:.2f}]{'':<10} {d['cpu']:.2f}{'':<4} {d['rss'] / 1e6:.0f}")
    lat, jap = described["latin"], described["japanese"]
    print(f"ratio japanese/latin: wall {jap['wall'] / lat['wall']:.2f}x, CPU {jap['cpu'] / lat['cpu']:.2f}x, "
          f"peak RSS {jap['rss'] / lat['rss']:.2f}x (target: wall at most 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
