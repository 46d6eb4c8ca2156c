import { type RouteKill, sampleKillPoints } from "../../harness/crash";

const point = (route: string, when: RouteKill["when"] = "after"): RouteKill => ({
  phase: "up",
  route,
  ordinal: 1,
  when,
});
const POINTS = ["a", "b", "c", "d", "e", "f", "g"].map((route) => point(route));
const routes = (points: RouteKill[]) => points.map((p) => p.route).join("");

describe("sampleKillPoints", () => {
  it.each<[string, number, (p: RouteKill) => boolean, string]>([
    ["every point when every is 1", 1, () => false, "abcdefg"],
    ["every third of the rest, from the first", 3, () => false, "adg"],
    ["the kept ones, and every third of the others", 3, (p) => p.route === "b", "abe"],
    ["every kept one, and the first of the others", 100, (p) => p.route < "c", "abc"],
  ])("%s", (_name, every, keep, want) => {
    expect(routes(sampleKillPoints(POINTS, every, keep))).toBe(want);
  });

  it("gives the same sample for the same points", () => {
    const keep = (p: RouteKill) => p.route === "e";
    expect(sampleKillPoints(POINTS, 2, keep)).toEqual(sampleKillPoints(POINTS, 2, keep));
  });
});
