/**
 * The identity of a resource inside a component: the URN it is computed from has the parent's type, as the engine
 * makes it, and computing it never waits on the component (which would wait for its children: this one).
 */
import * as path from "node:path";
import { captureRegistrations } from "../../harness";
import { computeIdentity } from "../../provider/core/identity";
import { PROGRAMS } from "../helpers/stack";

describe("identity under a component, under mocks", () => {
  it("registers the child, with the identity of the URN the engine gives it", async () => {
    const run = await captureRegistrations({
      programDir: path.join(PROGRAMS, "componentChild"),
      project: "ml",
      stack: "dev",
    });
    expect(run.errors).toEqual([]);
    const identityOf = (name: string) =>
      run.registrations.find((r) => r.name === name)?.inputs.__identity;
    const type = "pulumi-nodejs:dynamic/azure-openai:TrainingFile";
    expect(identityOf("outer-data")).toBe(
      computeIdentity({
        organization: "",
        project: "ml",
        stack: "dev",
        urn: `urn:pulumi:dev::ml::acme:ml:Pipeline$${type}::outer-data`,
      }),
    );
    expect(identityOf("alone")).toBe(
      computeIdentity({
        organization: "",
        project: "ml",
        stack: "dev",
        urn: `urn:pulumi:dev::ml::${type}::alone`,
      }),
    );
  });
});
