// Well-known development credentials, public on purpose (like Azurite's devstoreaccount1 key): the
// emulator accepts them unless told otherwise. Never use them against a real service.

export const DEFAULT_AZURE_API_KEY = "emulator-azure-api-key";
export const DEFAULT_QIANFAN_ACCESS_KEY = "emulator-qianfan-ak";
export const DEFAULT_QIANFAN_SECRET_KEY = "emulator-qianfan-sk";

export interface QianfanCredential {
  accessKey: string;
  secretKey: string;
}
