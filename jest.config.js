/** Tests run from TypeScript sources; bundles come from `npm run build` (dist/bundles). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', }] },
  snapshotSerializers: ['<rootDir>/test/zip-serializer.js'],
  testTimeout: 60000,
};
