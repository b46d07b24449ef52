module.exports = require('../constructs/testing/snapshot-serializer').snapshotSerializer; // jest loads serializers via ts-jest, so the .ts source works
