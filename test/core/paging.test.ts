import { ListingTooLongError } from "../../provider/core/errors";
import { collect, everyItem, findFirst, Page } from "../../provider/core/paging";

/** Pages of the given items; counts how many pages were read. */
function pages<T>(...contents: T[][]) {
  let read = 0;
  const page = (index: number): Page<T> => {
    read++;
    return {
      items: contents[index]!,
      next: index + 1 < contents.length ? async () => page(index + 1) : undefined,
    };
  };
  return { first: async () => page(0), read: () => read };
}

describe("everyItem", () => {
  it.each<[string, number[][], number[]]>([
    ["one page", [[1, 2]], [1, 2]],
    ["three pages, in order", [[1, 2], [3], [4, 5]], [1, 2, 3, 4, 5]],
    ["an empty page in between", [[1], [], [2]], [1, 2]],
    ["nothing at all", [[]], []],
  ])("%s", async (_name, contents, want) => {
    expect(await collect(everyItem("list numbers", pages(...contents).first))).toEqual(want);
  });

  it("reads exactly the bound, and fails loudly, naming the listing, when there is more", async () => {
    const ten = pages(...Array.from({ length: 10 }, (_, i) => [i]));
    await expect(collect(everyItem("list numbers", ten.first, 10))).resolves.toHaveLength(10);
    const eleven = pages(...Array.from({ length: 11 }, (_, i) => [i]));
    const reading = collect(everyItem("list numbers", eleven.first, 10));
    await expect(reading).rejects.toThrow(ListingTooLongError);
    await expect(
      collect(
        everyItem("list numbers", pages(...Array.from({ length: 11 }, (_, i) => [i])).first, 10),
      ),
    ).rejects.toThrow(
      "list numbers: the listing has more than 10 pages, so it was not read to the end.",
    );
    expect(eleven.read()).toBe(10);
  });

  it("an endless listing stops at the default bound of 200 pages", async () => {
    let read = 0;
    const endless = async (): Promise<Page<number>> => ({ items: [read++], next: endless });
    await expect(collect(everyItem("list forever", endless))).rejects.toThrow(
      "more than 200 pages",
    );
    expect(read).toBe(200);
  });

  it("a failing page fails the listing", async () => {
    const broken = async (): Promise<Page<number>> => ({
      items: [1],
      next: async () => Promise.reject(new Error("page 2 broke")),
    });
    await expect(collect(everyItem("list", broken))).rejects.toThrow("page 2 broke");
  });
});

describe("findFirst", () => {
  it("stops reading at the page that holds the match", async () => {
    const listing = pages([1, 2], [3, 4], [5, 6]);
    expect(await findFirst(everyItem("list", listing.first), (n) => n === 3)).toBe(3);
    expect(listing.read()).toBe(2);
  });

  it("reads everything and answers undefined when nothing matches", async () => {
    const listing = pages([1, 2], [3]);
    expect(await findFirst(everyItem("list", listing.first), (n) => n === 9)).toBeUndefined();
    expect(listing.read()).toBe(2);
  });
});
