// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';
import 'SeatState.dart';

final class BalootSeat extends SeatState {
  BalootSeat(super.handle);

  String get hand => view.getString('hand') ?? '';
  ArraySchema<String> get legalActions => primitiveArrayOf('legalActions');
  String get projects => view.getString('projects') ?? '';
}
