// The account the emulator acts for. The service names the IAM user who made an object
// (`creator`); the emulator has one user, never an access key.

export const QIANFAN_CREATOR = "emulator";
