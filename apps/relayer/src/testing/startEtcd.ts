// startEtcd moved to dev/ (stratos dev runs one too); tests keep importing it from here.
export { type EtcdServer, type StartEtcdOptions, startEtcd } from '../dev/startEtcd.js'
