// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';
import 'SeatState.dart';

final class DuelSeat extends SeatState {
  DuelSeat(super.handle);

  ArraySchema<String> get hand => primitiveArrayOf('hand');
  ArraySchema<String> get legalActions => primitiveArrayOf('legalActions');
  ArraySchema<String> get searchMatches => primitiveArrayOf('searchMatches');
  ArraySchema<String> get searchTaken => primitiveArrayOf('searchTaken');
}
