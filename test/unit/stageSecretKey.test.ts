import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { hkdfSync } from 'node:crypto';
import { stageSecretKey } from '../../shared/aws/stageSecretKey.js';

const spec = (info: string) => ({ secretIdVariable: 'TEST_KEY_SECRET_ID', localKeyVariable: 'TEST_LOCAL_KEY', localDefault: 'dev-only', info });
const local = { DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' } as NodeJS.ProcessEnv;

describe('stage secret keys (xAPI LRS passwords, webhook signing secrets)', () => {
  it('derives the AES key with HKDF-SHA256 under its own info, so two uses of one material never share a key', async () => {
    const a = await stageSecretKey(spec('a/v1')).key(local);
    const b = await stageSecretKey(spec('b/v1')).key(local);
    expect(a).toEqual(Buffer.from(hkdfSync('sha256', 'dev-only', 'cairn', 'a/v1', 32)));
    expect(b).not.toEqual(a);
    expect(await stageSecretKey(spec('a/v1')).key({ ...local, TEST_LOCAL_KEY: 'other' })).toEqual(Buffer.from(hkdfSync('sha256', 'other', 'cairn', 'a/v1', 32)));
  });

  it('refuses to run deployed without its secret id instead of using the development value', async () => {
    await expect(stageSecretKey(spec('a/v1')).key({})).rejects.toThrow('TEST_KEY_SECRET_ID is not configured');
  });

  it('reads the secret once per container, and again after a failed read', async () => {
    const mock = mockClient(SecretsManagerClient);
    mock.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: ' material \n' });
    const key = stageSecretKey(spec('a/v1'));
    key.setClient(new SecretsManagerClient({ region: 'us-east-1' }));
    const env = { TEST_KEY_SECRET_ID: 'arn:secret' } as NodeJS.ProcessEnv;
    await expect(key.key(env)).rejects.toThrow('throttled');
    expect(await key.key(env)).toEqual(Buffer.from(hkdfSync('sha256', 'material', 'cairn', 'a/v1', 32)));
    await key.key(env);
    expect(mock.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    mock.restore();
  });

  it('seals with AES-256-GCM bound to its AAD: the same AAD opens it, another AAD or a changed byte does not', async () => {
    const saved = process.env.DYNAMODB_ENDPOINT;
    process.env.DYNAMODB_ENDPOINT = 'http://127.0.0.1:8000';
    try {
      const key = stageSecretKey(spec('seal/v1'));
      const sealed = await key.seal('tenant-a|1', 's3cret');
      expect(sealed.ciphertext).not.toContain('s3cret');
      expect(await key.unseal('tenant-a|1', sealed)).toBe('s3cret');
      await expect(key.unseal('tenant-b|1', sealed)).rejects.toThrow();
      const flipped = Buffer.from(sealed.ciphertext, 'base64');
      flipped[0] = flipped[0]! ^ 1;
      await expect(key.unseal('tenant-a|1', { ...sealed, ciphertext: flipped.toString('base64') })).rejects.toThrow();
      expect((await key.seal('tenant-a|1', 's3cret')).iv).not.toBe(sealed.iv);
    } finally {
      if (saved === undefined) delete process.env.DYNAMODB_ENDPOINT;
      else process.env.DYNAMODB_ENDPOINT = saved;
    }
  });
});
