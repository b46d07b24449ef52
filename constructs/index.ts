/** fc-solution-constructs: serverless patterns for Alibaba Cloud ROS CDK. */
export * from './media-pipeline';
export * from './dispatch-system';
export * from './iot-ingest';
export * from './live-mux-cluster';
export * from './core';
