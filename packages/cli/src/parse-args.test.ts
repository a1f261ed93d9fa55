import { describe, expect, it } from "vitest";
import { parseArgs } from "./cli.js";

describe("parseArgs", () => {
  it("reads a flag before the file as a flag, not as the flag's value", () => {
    expect(parseArgs(["geo", "import", "--repair", "communes.geojson", "--province", "48"])).toEqual({
      words: ["geo", "import", "communes.geojson"],
      options: { repair: true, province: "48" },
    });
  });

  it("still gives valued options their value, inline or as the next word", () => {
    expect(parseArgs(["--lang=en", "--tolerance", "5", "--dry-run"])).toEqual({
      words: [],
      options: { lang: "en", tolerance: "5", "dry-run": true },
    });
  });
});
